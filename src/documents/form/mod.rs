//! The sections' forms: one Excel workbook per owner (or per goal), one
//! worksheet per goal laid out like its 進行管理シート, everything locked
//! but the pale-yellow cells a section fills for the year collected, and a
//! hidden worksheet ([`meta`]) that `import` reads them back by.

pub mod meta;

use std::collections::BTreeMap;

use anyhow::Result;
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::data::cell_text;
use crate::data::era::FiscalYear;
use crate::data::model::{Goal, RichText};
use crate::data::scale::Scale;
use crate::data::{Dataset, schema};
use crate::documents::reproducible;
use crate::messages;
use meta::{FieldId, Record, kind};

/// How the forms are split into workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// One workbook per owner (担当); goals without one go into
    /// [`messages::form_file_unowned`].
    Owner,
    /// One workbook per goal.
    Goal,
}

impl Grouping {
    /// The default: by owner when any goal has owners.
    pub fn default_for(dataset: &Dataset) -> Grouping {
        if dataset.goals.iter().any(|g| !g.owners.is_empty()) {
            Grouping::Owner
        } else {
            Grouping::Goal
        }
    }
}

/// A workbook made, not yet written.
#[derive(Debug)]
pub struct FormFile {
    /// The file name (`高齢福祉課.xlsx`).
    pub name: String,
    /// The goals in it, by number.
    pub goals: Vec<u32>,
    pub bytes: Vec<u8>,
}

/// A name a file may carry on Windows as well: the characters it forbids
/// become `_`.
pub fn file_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    cleaned.trim_end_matches(['.', ' ']).to_owned()
}

/// One workbook of a collection: its file name without extension, the owner
/// it is for (when split by owner) and its goals.
#[derive(Debug)]
pub struct FormGroup<'a> {
    pub stem: String,
    pub owner: Option<String>,
    pub goals: Vec<&'a Goal>,
}

/// The workbooks a collection split by `grouping` has, by file name (the
/// workbook of the goals without an owner last).
pub fn groups(dataset: &Dataset, grouping: Grouping) -> Vec<FormGroup<'_>> {
    let mut groups: BTreeMap<(bool, String), FormGroup> = BTreeMap::new();
    let mut add = |unowned: bool, stem: String, owner: Option<&String>, goal| {
        groups
            .entry((unowned, stem.clone()))
            .or_insert_with(|| FormGroup {
                stem,
                owner: owner.cloned(),
                goals: Vec::new(),
            })
            .goals
            .push(goal);
    };
    for goal in &dataset.goals {
        match grouping {
            Grouping::Goal => add(false, messages::form_file_goal(goal.no), None, goal),
            Grouping::Owner if goal.owners.is_empty() => {
                add(true, messages::form_file_unowned().to_owned(), None, goal)
            }
            Grouping::Owner => {
                for owner in &goal.owners {
                    add(false, file_name(owner), Some(owner), goal);
                }
            }
        }
    }
    groups.into_values().collect()
}

/// The workbooks for collecting `year`, split by `grouping`.
pub fn make_forms(
    dataset: &Dataset,
    year: FiscalYear,
    grouping: Grouping,
) -> Result<Vec<FormFile>> {
    groups(dataset, grouping)
        .into_iter()
        .map(|group| {
            let bytes = workbook(
                dataset,
                year,
                grouping,
                group.owner.as_deref(),
                &group.goals,
            )?;
            Ok(FormFile {
                name: format!("{}.xlsx", group.stem),
                goals: group.goals.iter().map(|g| g.no).collect(),
                bytes,
            })
        })
        .collect()
}

/// Fonts a clerk's Windows PC has (BIZ UD ships with Windows 10 and later).
const GOTHIC: &str = "BIZ UDゴシック";
const MINCHO: &str = "BIZ UD明朝";
const FONT_SIZE: f64 = 10.0;
/// The pale yellow of every cell to fill.
const FILL_COLOUR: u32 = 0xFFF2CC;
const LABEL_COLOUR: u32 = 0xEBEBEB;
/// Column widths in pixels: labels and 年度, 取組の内容, 内容と成果, 課題,
/// 評価, 意見等 (the yearly table's columns, as on the sheet).
const COLUMNS: [u32; 6] = [130, 190, 330, 200, 48, 130];
/// Lines a cell to fill offers at least.
const FILL_LINES: usize = 8;

struct Formats {
    title: Format,
    label: Format,
    shown: Format,
    centred: Format,
    fill: Format,
    fill_letter: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = |name: &str| {
            Format::new()
                .set_font_name(name)
                .set_font_size(FONT_SIZE)
                .set_font_charset(128)
        };
        let boxed = |format: Format| format.set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            title: font(GOTHIC).set_font_size(14).set_bold(),
            label: boxed(font(GOTHIC))
                .set_background_color(Color::RGB(LABEL_COLOUR))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            shown: boxed(font(MINCHO)).set_align(FormatAlign::Top),
            centred: boxed(font(GOTHIC))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            fill: boxed(font(MINCHO))
                .set_unlocked()
                .set_background_color(Color::RGB(FILL_COLOUR))
                .set_align(FormatAlign::Top)
                .set_num_format("@"),
            fill_letter: boxed(font(GOTHIC))
                .set_unlocked()
                .set_background_color(Color::RGB(FILL_COLOUR))
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: font(GOTHIC)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// Lines `text` takes in a wrapped cell `pixels` wide. The BIZ UD faces are
/// monospaced: a full-width character is one em, others half; a 10 pt em
/// takes about 12 pixels of a column (measured in LibreOffice: 17 full-width
/// characters to a 200-pixel column).
fn lines(text: &str, pixels: u32) -> usize {
    const EM_PIXELS: f64 = 12.0;
    let per_line = ((f64::from(pixels) - 4.0) / (EM_PIXELS / 2.0))
        .floor()
        .max(2.0) as usize;
    text.split('\n')
        .map(|line| {
            let halves: usize = line
                .chars()
                .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
                .sum();
            halves.div_ceil(per_line).max(1)
        })
        .sum()
}

/// A row's height in points for `lines` lines (a little more than the
/// fonts need: Excel and LibreOffice pad, and never grow a row themselves).
fn height(lines: usize) -> f64 {
    let points = lines as f64 * FONT_SIZE * 1.3 + 4.0;
    ((points / 0.75).ceil() * 0.75).min(409.0)
}

/// What to write in a cell to fill, from the field's description in the
/// JSON Schema, then the convention for several kinds of text.
fn note_text(field: &str) -> String {
    let schema = schema::schema();
    let description = schema["definitions"]["YearEntry"]["properties"][field]["description"]
        .as_str()
        .unwrap_or_default();
    messages::form_note(description, field != "evaluation")
}

/// A workbook with its properties (the date from the data, never the clock:
/// the same dataset makes the same bytes), and the records that open its
/// hidden sheet.
fn new_book(dataset: &Dataset, year: FiscalYear, by: &str) -> Result<(Workbook, Vec<Record>)> {
    let mut book = Workbook::new();
    let date = reproducible::document_date(dataset, year)?;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year).unwrap_or(2000),
        date.month,
        date.day,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(messages::form_title(&year.prose()))
            .set_author(dataset.plan.issuers.join("・"))
            .set_creation_datetime(&created),
    );
    let records = vec![
        Record::new(kind::FORMAT, "", meta::VERSION, "", meta::FORMAT),
        Record::new(kind::PLAN, "", "", "", &dataset.plan.title),
        Record::new(kind::YEAR, "", "", "", &year.western().to_string()),
        Record::new(kind::BY, "", "", "", by),
    ];
    Ok((book, records))
}

/// Adds the very hidden sheet of `records` and returns the workbook's bytes.
fn finish(mut book: Workbook, records: &[Record]) -> Result<Vec<u8>> {
    let hidden = book.add_worksheet();
    hidden.set_name(meta::SHEET)?;
    for (row, record) in records.iter().enumerate() {
        for (column, text) in record.columns().into_iter().enumerate() {
            hidden.write_string(row as u32, column as u16, text)?;
        }
    }
    hidden.protect();
    hidden.set_very_hidden(true);
    Ok(book.save_to_buffer()?)
}

fn workbook(
    dataset: &Dataset,
    year: FiscalYear,
    grouping: Grouping,
    owner: Option<&str>,
    goals: &[&Goal],
) -> Result<Vec<u8>> {
    let by = match grouping {
        Grouping::Owner => "owner",
        Grouping::Goal => "goal",
    };
    let (mut book, mut records) = new_book(dataset, year, by)?;
    if let Some(owner) = owner {
        records.push(Record::new(kind::OWNER, "", "", "", owner));
    }
    let formats = Formats::new();
    for goal in goals {
        let sheet = book.add_worksheet();
        goal_sheet(sheet, dataset, goal, year, &formats, &mut records)?;
    }
    finish(book, &records)
}

/// The committee's workbook for `year`: one row per goal (No., 内容, the
/// year's 評価) with its 意見等 to fill.
pub fn make_remarks_form(dataset: &Dataset, year: FiscalYear) -> Result<FormFile> {
    let (mut book, mut records) = new_book(dataset, year, "remarks")?;
    let formats = Formats::new();
    let sheet = book.add_worksheet();
    let name = messages::remarks_sheet_name();
    sheet.set_name(name)?;
    // No., 内容, 評価, 意見等.
    let widths = [48, 420, 60, 460];
    for (column, pixels) in widths.iter().enumerate() {
        sheet.set_column_width_pixels(column as u16, *pixels)?;
    }
    sheet.merge_range(
        0,
        0,
        0,
        3,
        &messages::remarks_heading(&year.prose()),
        &formats.title,
    )?;
    sheet.set_row_height(0, 24)?;
    sheet.merge_range(1, 0, 1, 3, messages::remarks_instructions(), &formats.note)?;
    sheet.set_row_height(1, height(2))?;
    let headers = [
        "No.",
        "内容",
        &messages::remarks_evaluation_header(&year.row_label()),
        "意見等",
    ];
    for (column, text) in headers.iter().enumerate() {
        sheet.write_with_format(2, column as u16, *text, &formats.label)?;
    }
    // Rows under the title, the instructions and the headings.
    for (row, goal) in (3u32..).zip(&dataset.goals) {
        let no = goal.no.to_string();
        records.push(Record::new(kind::GOAL, &no, "", "", name));
        let content = cell_text::to_cell(&goal.content);
        let shown = [
            (FieldId::Goal("content"), 1u16, content.clone()),
            (
                FieldId::Year(year, "evaluation"),
                2,
                meta::field_text(goal, FieldId::Year(year, "evaluation")),
            ),
        ];
        for field in [shown[0].0, shown[1].0, FieldId::Year(year, "remarks")] {
            let hash = meta::fingerprint(&meta::field_text(goal, field));
            records.push(Record::new(kind::HASH, &no, &field.key(), "", &hash));
        }
        sheet.write_with_format(row, 0, &no, &formats.centred)?;
        for (field, column, text) in &shown {
            let format = if *column == 2 {
                &formats.centred
            } else {
                &formats.shown
            };
            sheet.write_with_format(row, *column, text.as_str(), format)?;
            records.push(Record::new(
                kind::SHOWN,
                &no,
                &field.key(),
                &meta::cell_name(row, *column),
                &meta::shown_fingerprint(text),
            ));
        }
        let remarks = meta::field_text(goal, FieldId::Year(year, "remarks"));
        sheet.write_with_format(row, 3, remarks.as_str(), &formats.fill)?;
        records.push(Record::new(
            kind::FILL,
            &no,
            &FieldId::Year(year, "remarks").key(),
            &meta::cell_name(row, 3),
            "",
        ));
        let lines = lines(&content, widths[1])
            .max(lines(&remarks, widths[3]))
            .max(3);
        sheet.set_row_height(row, height(lines))?;
    }
    sheet.insert_note(
        2,
        3,
        &Note::new(note_text("remarks"))
            .set_author(messages::form_note_author())
            .add_author_prefix(false)
            .set_width(300)
            .set_height(160),
    )?;
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(2, 2)?;
    Ok(FormFile {
        name: format!("{}.xlsx", messages::form_file_remarks()),
        goals: dataset.goals.iter().map(|g| g.no).collect(),
        bytes: finish(book, &records)?,
    })
}

/// One goal's worksheet, recording its cells in `records`.
fn goal_sheet(
    sheet: &mut Worksheet,
    dataset: &Dataset,
    goal: &Goal,
    year: FiscalYear,
    formats: &Formats,
    records: &mut Vec<Record>,
) -> Result<(), XlsxError> {
    let no = goal.no.to_string();
    let name = messages::form_sheet_name(goal.no);
    sheet.set_name(&name)?;
    records.push(Record::new(kind::GOAL, &no, "", "", &name));
    for field in meta::fields(dataset.plan.period.years()) {
        let hash = meta::fingerprint(&meta::field_text(goal, field));
        records.push(Record::new(kind::HASH, &no, &field.key(), "", &hash));
    }
    for (column, pixels) in COLUMNS.iter().enumerate() {
        sheet.set_column_width_pixels(column as u16, *pixels)?;
    }
    let wide: u32 = COLUMNS[1..].iter().sum();
    let last = (COLUMNS.len() - 1) as u16;

    // Header band: title, the year collected, CD and No.
    sheet.merge_range(
        0,
        0,
        0,
        3,
        &messages::form_heading(&year.prose()),
        &formats.title,
    )?;
    sheet.write_with_format(0, 4, messages::form_goal_no_label(), &formats.label)?;
    sheet.write_with_format(0, 5, &no, &formats.centred)?;
    sheet.set_row_height(0, 24)?;
    let code = &goal.plan_code;
    let code_text = [
        code.basic_goal.map(|g| g.label().to_owned()),
        code.measure.map(|m| m.to_string()),
        code.sub_measure.map(|s| s.label()),
    ]
    .map(|part| part.unwrap_or_default())
    .join(" ");
    sheet.write_with_format(1, 0, messages::form_code_label(), &formats.label)?;
    sheet.write_with_format(1, 1, code_text.trim(), &formats.centred)?;
    sheet.merge_range(
        1,
        2,
        1,
        last,
        &messages::form_owners(&goal.owners),
        &formats.shown,
    )?;

    // The plan block, locked.
    let plan_rows: [(&str, FieldId, String); 7] = [
        (
            "内容",
            FieldId::Goal("content"),
            cell_text::to_cell(&goal.content),
        ),
        (
            "目標",
            FieldId::Goal("target"),
            cell_text::to_cell(&goal.target),
        ),
        (
            "年次計画",
            FieldId::Goal("schedule"),
            schedule_text(goal, dataset.plan.period.from),
        ),
        (
            "特記事項",
            FieldId::Goal("notes"),
            cell_text::to_cell(&goal.notes),
        ),
        (
            "方向性・ねらい",
            FieldId::Goal("direction"),
            cell_text::to_cell(&goal.direction),
        ),
        (
            "関係取組・事業（市）",
            FieldId::Goal("programmes"),
            goal.programmes.city_line(),
        ),
        (
            "関係取組・事業（市社協）",
            FieldId::Goal("programmes"),
            goal.programmes.council_line(),
        ),
    ];
    let mut row = 2u32;
    for (label, field, text) in plan_rows {
        sheet.write_with_format(row, 0, label, &formats.label)?;
        sheet.merge_range(row, 1, row, last, &text, &formats.shown)?;
        sheet.set_row_height(row, height(lines(&text, wide).max(1)))?;
        records.push(Record::new(
            kind::SHOWN,
            &no,
            &field.key(),
            &meta::cell_name(row, 1),
            &meta::shown_fingerprint(&text),
        ));
        row += 1;
    }

    // How to fill it in.
    sheet.merge_range(
        row,
        0,
        row,
        last,
        &messages::form_instructions(&year.prose()),
        &formats.note,
    )?;
    sheet.set_row_height(row, height(2))?;
    row += 1;

    // The yearly table: every year up to the one after the year collected;
    // the year collected and the next one's plan are to fill.
    let headers = [
        "年度",
        "取組の内容",
        "取組の結果：内容と成果",
        "取組の結果：課題",
        "評価",
        "意見等",
    ];
    for (column, text) in headers.iter().enumerate() {
        sheet.write_with_format(row, column as u16, *text, &formats.label)?;
    }
    sheet.set_row_height(row, height(2))?;
    row += 1;
    let empty = RichText::Empty;
    let scale = Scale::of(&dataset.plan);
    let letters = scale.letters();
    for plan_year in dataset.plan.period.years().filter(|y| *y <= year.next()) {
        let entry = goal.years.iter().find(|e| e.year == plan_year);
        let text = |pick: fn(&crate::data::model::YearEntry) -> &RichText| {
            cell_text::to_cell(entry.map_or(&empty, pick))
        };
        let cells: [(&'static str, String); 5] = [
            ("activities", text(|e| &e.activities)),
            ("results", text(|e| &e.results)),
            ("challenges", text(|e| &e.challenges)),
            (
                "evaluation",
                entry
                    .and_then(|e| e.evaluation.as_ref())
                    .map(|l| l.letter().to_owned())
                    .unwrap_or_default(),
            ),
            ("remarks", text(|e| &e.remarks)),
        ];
        sheet.write_with_format(row, 0, plan_year.row_label(), &formats.centred)?;
        let mut row_lines = 2;
        for (offset, (key, value)) in cells.iter().enumerate() {
            let column = offset as u16 + 1;
            let field = FieldId::Year(plan_year, key);
            let to_fill = (plan_year == year && *key != "remarks")
                || (plan_year == year.next() && *key == "activities");
            let cell = meta::cell_name(row, column);
            if to_fill {
                let format = if *key == "evaluation" {
                    &formats.fill_letter
                } else {
                    &formats.fill
                };
                sheet.write_with_format(row, column, value.as_str(), format)?;
                sheet.insert_note(
                    row,
                    column,
                    &Note::new(note_text(key))
                        .set_author(messages::form_note_author())
                        .add_author_prefix(false)
                        .set_width(300)
                        .set_height(160),
                )?;
                if *key == "evaluation" {
                    let legend: Vec<String> = scale
                        .grades()
                        .iter()
                        .filter_map(|g| {
                            Some(format!("{}: {}", g.letter.letter(), g.meaning.as_ref()?))
                        })
                        .collect();
                    // Excel's input message holds at most 255 characters.
                    let mut message = messages::form_evaluation_message(&letters, &legend);
                    if message.encode_utf16().count() > 255 {
                        message = messages::form_evaluation_message(&letters, &[]);
                    }
                    let validation = DataValidation::new()
                        .allow_list_strings(&letters)?
                        .set_input_title(messages::form_evaluation_title())?
                        .set_input_message(message)?
                        .set_error_title(messages::form_evaluation_title())?
                        .set_error_message(messages::letter_not_in_scale("", &letters))?;
                    sheet.add_data_validation(row, column, row, column, &validation)?;
                }
                records.push(Record::new(kind::FILL, &no, &field.key(), &cell, ""));
                row_lines = row_lines.max(FILL_LINES);
            } else {
                let format = if *key == "evaluation" {
                    &formats.centred
                } else {
                    &formats.shown
                };
                sheet.write_with_format(row, column, value.as_str(), format)?;
                records.push(Record::new(
                    kind::SHOWN,
                    &no,
                    &field.key(),
                    &cell,
                    &meta::shown_fingerprint(value),
                ));
            }
            row_lines = row_lines.max(lines(value, COLUMNS[usize::from(column)]));
        }
        sheet.set_row_height(row, height(row_lines))?;
        row += 1;
    }

    // A guide, not security: no password. Rows may be made taller, so a
    // section can see all it wrote.
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    sheet.set_header(messages::form_print_header(goal.no));
    Ok(())
}

/// 年次計画 in words: each arrow's years (as the plan's strip numbers them,
/// counting from `from`) and phase, and 新規.
fn schedule_text(goal: &Goal, from: FiscalYear) -> String {
    let mut parts: Vec<String> = goal
        .schedule
        .segments
        .iter()
        .map(|segment| {
            let years = if segment.from == segment.to {
                segment.from.plan_label(from)
            } else {
                format!(
                    "{}〜{}",
                    segment.from.plan_label(from),
                    segment.to.plan_label(from)
                )
            };
            match &segment.label {
                Some(label) => format!("{label}（{years}）"),
                None => years,
            }
        })
        .collect();
    if goal.schedule.new {
        parts.push("新規".to_owned());
    }
    parts.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_what_windows_forbids() {
        assert_eq!(file_name("市社協 地域福祉係"), "市社協 地域福祉係");
        assert_eq!(file_name("a/b:c*d?."), "a_b_c_d_");
    }

    #[test]
    fn long_and_wide_texts_take_more_lines() {
        assert_eq!(lines("", 330), 1);
        assert_eq!(lines("一\n二", 330), 2);
        let long = "あ".repeat(100);
        assert!(lines(&long, 130) > lines(&long, 330));
        assert!(height(8) > height(2));
    }
}
