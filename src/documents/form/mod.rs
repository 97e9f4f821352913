//! The sections' forms: one Excel workbook per owner (or per goal), one
//! worksheet per goal laid out like its 進行管理シート, everything locked
//! but the pale-yellow cells a section fills for the year collected, and a
//! hidden worksheet ([`meta`]) that `import` reads them back by. What a form
//! shows and which cells are to fill follow the dataset's sheet: a column a
//! section fills is yellow in the year collected (and in the next year when
//! it is a plan), a column the committee fills is on the committee's own
//! workbook ([`make_remarks_form`]).

pub mod meta;

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::data::Dataset;
use crate::data::cell_text;
use crate::data::derive;
use crate::data::era::FiscalYear;
use crate::data::model::{Goal, Number, Value};
use crate::data::scale::Scale;
use crate::data::sheet::{Field, Filler, Kind, Sheet, Width};
use crate::documents::failure::Outcome;
use crate::documents::reproducible;
use crate::messages::{self, FillHow};
use meta::{FieldId, Record, kind};

/// How the forms are split into workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// One workbook per owner (担当); goals without one go into
    /// [`UNOWNED_STEM`].
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

    /// As the hidden sheet records it.
    pub fn key(self) -> &'static str {
        match self {
            Grouping::Owner => "owner",
            Grouping::Goal => "goal",
        }
    }
}

/// The `by` record of the committee's workbook.
pub const REMARKS_BY: &str = "remarks";

/// The file name (without extension) of the workbook of one goal.
pub fn goal_stem(no: u32) -> String {
    format!("実施目標{no:02}")
}

/// The file name of the workbook of the goals without an owner.
pub const UNOWNED_STEM: &str = "担当未設定";

/// The file name of the committee's workbook.
pub const REMARKS_STEM: &str = "意見等";

/// The worksheet of one goal.
fn sheet_name(no: u32) -> String {
    format!("No.{no}")
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
            Grouping::Goal => add(false, goal_stem(goal.no), None, goal),
            Grouping::Owner if goal.owners.is_empty() => {
                add(true, UNOWNED_STEM.to_owned(), None, goal)
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
) -> Outcome<Vec<FormFile>> {
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
/// The first column (labels, 年度) in pixels.
const LABEL_PIXELS: u32 = 130;
/// Pixels a shared (`1fr`) column of the sheet gets, per share.
const SHARE_PIXELS: u32 = 330;
/// Pixels a column of letters gets.
const LETTER_PIXELS: u32 = 48;
/// Lines a cell to fill offers at least.
const FILL_LINES: usize = 8;

struct Formats {
    title: Format,
    label: Format,
    shown: Format,
    centred: Format,
    fill: Format,
    fill_letter: Format,
    fill_number: Format,
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
        let to_fill = |format: Format| {
            format
                .set_unlocked()
                .set_background_color(Color::RGB(FILL_COLOUR))
        };
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
            fill: to_fill(boxed(font(MINCHO)))
                .set_align(FormatAlign::Top)
                .set_num_format("@"),
            fill_letter: to_fill(boxed(font(GOTHIC)))
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            fill_number: to_fill(boxed(font(GOTHIC)))
                .set_align(FormatAlign::Right)
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

/// The sheet's title as a form heads itself with it (one space where the
/// printed title has a wide one).
fn sheet_title(dataset: &Dataset) -> String {
    dataset.sheet().title.replace('　', " ")
}

/// A column's width in pixels, from its width on the sheet.
fn column_pixels(column: &Field) -> u32 {
    if matches!(column.kind, Kind::Grade | Kind::Derived) {
        return LETTER_PIXELS;
    }
    match column.width {
        Some(Width::Mm(mm)) => ((mm * 3.9).round() as u32).max(LETTER_PIXELS),
        Some(Width::Fr(fr)) => ((fr * f64::from(SHARE_PIXELS)).round() as u32).max(LETTER_PIXELS),
        None => SHARE_PIXELS,
    }
}

/// How a field is written in its cell.
fn fill_how(kind: Kind) -> FillHow {
    match kind {
        Kind::Grade | Kind::Choice => FillHow::List,
        Kind::Number => FillHow::Number,
        _ => FillHow::Text,
    }
}

/// A cell's note: what to write there.
fn note(field: &Field, how: FillHow) -> Note {
    Note::new(messages::form_note(
        field.description.as_deref().unwrap_or(&field.label),
        how,
    ))
    .set_author(messages::form_note_author())
    .add_author_prefix(false)
    .set_width(300)
    .set_height(160)
}

/// The drop-down of a letter or choice cell, or the number check of a
/// number cell; `None` for a text.
fn validation(field: &Field, dataset: &Dataset) -> Result<Option<DataValidation>, XlsxError> {
    let list = |values: &[&str], message: String| -> Result<DataValidation, XlsxError> {
        // Excel's input message holds at most 255 characters.
        let message = if message.encode_utf16().count() > 255 {
            messages::form_choices_message(values)
        } else {
            message
        };
        DataValidation::new()
            .allow_list_strings(values)?
            .set_input_title(field.label.as_str())?
            .set_input_message(message)?
            .set_error_title(field.label.as_str())?
            .set_error_message(messages::form_not_in_list(values))
    };
    Ok(Some(match field.kind {
        Kind::Grade => {
            let scale = Scale::for_field(field, &dataset.plan);
            let letters = scale.letters();
            let legend: Vec<String> = scale
                .grades()
                .iter()
                .filter_map(|g| Some(format!("{}: {}", g.letter.letter(), g.meaning.as_ref()?)))
                .collect();
            list(&letters, messages::form_letters_message(&letters, &legend))?
        }
        Kind::Choice => {
            let choices: Vec<&str> = field.choices.iter().map(String::as_str).collect();
            list(&choices, messages::form_choices_message(&choices))?
        }
        Kind::Number => {
            let whole = field.decimals == Some(0);
            let rule = rust_xlsxwriter::DataValidationRule::GreaterThanOrEqualTo(-1e15);
            let validation = if whole {
                DataValidation::new().allow_whole_number(
                    rust_xlsxwriter::DataValidationRule::GreaterThanOrEqualTo(i32::MIN),
                )
            } else {
                DataValidation::new().allow_decimal_number(rule)
            };
            validation
                .set_error_title(field.label.as_str())?
                .set_error_message(messages::form_not_a_number(whole))?
        }
        _ => return Ok(None),
    }))
}

/// A workbook with its properties (the date from the data, never the clock:
/// the same dataset makes the same bytes), and the records that open its
/// hidden sheet.
fn new_book(dataset: &Dataset, year: FiscalYear, by: &str) -> Outcome<(Workbook, Vec<Record>)> {
    let mut book = Workbook::new();
    let date = reproducible::document_date(dataset, year)?;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year).unwrap_or(2000),
        date.month,
        date.day,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(messages::form_title(&sheet_title(dataset), &year.prose()))
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
fn finish(mut book: Workbook, records: &[Record]) -> Outcome<Vec<u8>> {
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

/// Protection without a password (a guide, not security; rows may be made
/// taller, so a section can see all it wrote) and A4-landscape printing,
/// one page wide, the heading rows `repeat` on every page.
fn finish_sheet(sheet: &mut Worksheet, repeat: (u32, u32)) -> Result<(), XlsxError> {
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(repeat.0, repeat.1)?;
    Ok(())
}

fn workbook(
    dataset: &Dataset,
    year: FiscalYear,
    grouping: Grouping,
    owner: Option<&str>,
    goals: &[&Goal],
) -> Outcome<Vec<u8>> {
    let (mut book, mut records) = new_book(dataset, year, grouping.key())?;
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

/// What a field holds, as its cell shows it.
fn shown_text(dataset: &Dataset, goal: &Goal, field: &FieldId) -> String {
    let sheet = dataset.sheet();
    if let FieldId::Year(year, key) = field
        && let Some(column) = sheet.column(key)
    {
        let entry = goal.year(*year);
        match column.kind {
            Kind::Rate => {
                return entry
                    .and_then(|e| derive::row_rate(e, column))
                    .map(|r| {
                        format!(
                            "{}%",
                            crate::data::model::format_number(r, column.decimals.unwrap_or(1))
                        )
                    })
                    .unwrap_or_default();
            }
            Kind::Derived => {
                let rate = column.from.as_deref().and_then(|k| sheet.column(k));
                return entry
                    .zip(rate)
                    .and_then(|(e, rate)| derive::row_grade(e, column, rate))
                    .map(|g| g.letter.letter().to_owned())
                    .unwrap_or_default();
            }
            _ => {}
        }
    }
    meta::field_text(goal, field)
}

/// Writes a cell to fill: its value, the note, the drop-down or number
/// check, and its records.
#[allow(clippy::too_many_arguments)]
fn fill_cell(
    sheet: &mut Worksheet,
    dataset: &Dataset,
    goal: &Goal,
    field: &Field,
    id: FieldId,
    (row, column): (u32, u16),
    formats: &Formats,
    records: &mut Vec<Record>,
) -> Result<(), XlsxError> {
    let no = goal.no.to_string();
    let current = meta::field_text(goal, &id);
    match field.kind {
        Kind::Grade | Kind::Choice => {
            sheet.write_with_format(row, column, current.as_str(), &formats.fill_letter)?;
        }
        Kind::Number => match Number::parse(&current, None) {
            Some(number) => {
                sheet.write_number_with_format(row, column, number.value, &formats.fill_number)?;
            }
            None => {
                sheet.write_blank(row, column, &formats.fill_number)?;
            }
        },
        _ => {
            sheet.write_with_format(row, column, current.as_str(), &formats.fill)?;
        }
    }
    sheet.insert_note(row, column, &note(field, fill_how(field.kind)))?;
    if let Some(validation) = validation(field, dataset)? {
        sheet.add_data_validation(row, column, row, column, &validation)?;
    }
    records.push(Record::new(
        kind::HASH,
        &no,
        &id.key(),
        "",
        &meta::fingerprint(&current),
    ));
    records.push(Record::new(
        kind::FILL,
        &no,
        &id.key(),
        &meta::cell_name(row, column),
        "",
    ));
    Ok(())
}

/// Writes a locked cell showing `text`, and its record.
#[allow(clippy::too_many_arguments)]
fn shown_cell(
    sheet: &mut Worksheet,
    goal: &Goal,
    id: &FieldId,
    text: &str,
    (row, column): (u32, u16),
    format: &Format,
    records: &mut Vec<Record>,
) -> Result<(), XlsxError> {
    sheet.write_with_format(row, column, text, format)?;
    records.push(Record::new(
        kind::SHOWN,
        &goal.no.to_string(),
        &id.key(),
        &meta::cell_name(row, column),
        &meta::shown_fingerprint(text),
    ));
    Ok(())
}

/// The committee's workbook for `year`: one row per goal (No., its name,
/// the year's grades a section gave) with the columns the committee fills.
pub fn make_remarks_form(dataset: &Dataset, year: FiscalYear) -> Outcome<FormFile> {
    let sheet_decl = dataset.sheet();
    let (mut book, mut records) = new_book(dataset, year, REMARKS_BY)?;
    let formats = Formats::new();
    let sheet = book.add_worksheet();
    let name = REMARKS_STEM;
    sheet.set_name(name)?;
    let shown: Vec<&Field> = sheet_decl
        .years
        .columns
        .iter()
        .filter(|c| matches!(c.kind, Kind::Grade | Kind::Derived))
        .filter(|c| Sheet::filler(c, true) != Filler::Committee)
        .collect();
    let filled: Vec<&Field> = sheet_decl
        .years
        .columns
        .iter()
        .filter(|c| Sheet::filler(c, true) == Filler::Committee && c.kind.is_typed())
        .collect();
    // No., the name, the grades shown, then the columns to fill.
    let mut widths = vec![48u32, 420];
    widths.extend(shown.iter().map(|_| 60));
    widths.extend(
        filled
            .iter()
            .map(|c| if c.kind == Kind::Text { 460 } else { 60 }),
    );
    for (column, pixels) in widths.iter().enumerate() {
        sheet.set_column_width_pixels(column as u16, *pixels)?;
    }
    let last = (widths.len() - 1) as u16;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        &messages::remarks_heading(&year.prose()),
        &formats.title,
    )?;
    sheet.set_row_height(0, 24)?;
    let labels: Vec<&str> = filled.iter().map(|c| c.label.as_str()).collect();
    sheet.merge_range(
        1,
        0,
        1,
        last,
        &messages::remarks_instructions(&labels),
        &formats.note,
    )?;
    sheet.set_row_height(1, height(2))?;
    let name_label = sheet_decl
        .name_field()
        .map_or(messages::csv_name_heading(), |f| f.label.as_str());
    let mut headers: Vec<String> = vec![
        messages::goal_no_heading().to_owned(),
        name_label.to_owned(),
    ];
    headers.extend(
        shown
            .iter()
            .map(|c| messages::remarks_shown_header(&year.row_label(), &c.label)),
    );
    headers.extend(filled.iter().map(|c| c.label.clone()));
    for (column, text) in headers.iter().enumerate() {
        sheet.write_with_format(2, column as u16, text.as_str(), &formats.label)?;
    }
    // Rows under the title, the instructions and the headings.
    let mut row = 3u32;
    for goal in &dataset.goals {
        let no = goal.no.to_string();
        records.push(Record::new(kind::GOAL, &no, "", "", name));
        sheet.write_with_format(row, 0, &no, &formats.centred)?;
        let mut row_lines = 3;
        if let Some(field) = sheet_decl.name_field() {
            let id = FieldId::Goal(field.key.clone());
            let text = cell_text::to_cell(goal.fields.text(&field.key));
            row_lines = row_lines.max(lines(&text, widths[1]));
            shown_cell(
                sheet,
                goal,
                &id,
                &text,
                (row, 1),
                &formats.shown,
                &mut records,
            )?;
        }
        for (i, column) in shown.iter().enumerate() {
            let id = FieldId::Year(year, column.key.clone());
            let text = shown_text(dataset, goal, &id);
            shown_cell(
                sheet,
                goal,
                &id,
                &text,
                (row, 2 + i as u16),
                &formats.centred,
                &mut records,
            )?;
        }
        for (i, column) in filled.iter().enumerate() {
            let at = (row, (2 + shown.len() + i) as u16);
            let id = FieldId::Year(year, column.key.clone());
            row_lines = row_lines.max(lines(
                &meta::field_text(goal, &id),
                widths[usize::from(at.1)],
            ));
            fill_cell(sheet, dataset, goal, column, id, at, &formats, &mut records)?;
        }
        sheet.set_row_height(row, height(row_lines))?;
        row += 1;
    }
    records.push(Record::new(
        kind::USED,
        "",
        "",
        &format!("A1:{}", meta::cell_name(row.saturating_sub(1), last)),
        name,
    ));
    finish_sheet(sheet, (2, 2))?;
    Ok(FormFile {
        name: format!("{REMARKS_STEM}.xlsx"),
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
    let declared = dataset.sheet();
    let no = goal.no.to_string();
    let name = sheet_name(goal.no);
    sheet.set_name(&name)?;
    records.push(Record::new(kind::GOAL, &no, "", "", &name));
    let columns = &declared.years.columns;
    let mut pixels = vec![LABEL_PIXELS];
    pixels.extend(columns.iter().map(column_pixels));
    for (column, width) in pixels.iter().enumerate() {
        sheet.set_column_width_pixels(column as u16, *width)?;
    }
    let wide: u32 = pixels[1..].iter().sum();
    let last = (pixels.len() - 1) as u16;

    // Header band: title, the year collected, CD and No.
    let title_end = last.saturating_sub(2).max(1);
    sheet.merge_range(
        0,
        0,
        0,
        title_end,
        &messages::form_heading(&sheet_title(dataset), &year.prose()),
        &formats.title,
    )?;
    sheet.write_with_format(
        0,
        last.saturating_sub(1).max(title_end + 1).min(last),
        messages::form_goal_no_label(),
        &formats.label,
    )?;
    sheet.write_with_format(0, last.max(title_end + 2), &no, &formats.centred)?;
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
    if last >= 2 {
        sheet.merge_range(
            1,
            2,
            1,
            last,
            &messages::form_owners(&goal.owners),
            &formats.shown,
        )?;
    }

    // The table at the top, locked.
    let mut row = 2u32;
    let mut plan_row =
        |label: String, key: &str, text: String, row: &mut u32| -> Result<(), XlsxError> {
            sheet.write_with_format(*row, 0, label.as_str(), &formats.label)?;
            if last >= 2 {
                sheet.merge_range(*row, 1, *row, last, &text, &formats.shown)?;
            } else {
                sheet.write_with_format(*row, 1, text.as_str(), &formats.shown)?;
            }
            sheet.set_row_height(*row, height(lines(&text, wide).max(1)))?;
            records.push(Record::new(
                kind::SHOWN,
                &no,
                key,
                &meta::cell_name(*row, 1),
                &meta::shown_fingerprint(&text),
            ));
            *row += 1;
            Ok(())
        };
    for section in &declared.plan {
        for key in section.rows.iter().chain(&section.row) {
            let Some(field) = declared.goal_field(key) else {
                continue;
            };
            match (field.kind, goal.fields.get(key)) {
                (Kind::Programmes, value) => {
                    let (city, council) = match value {
                        Some(Value::Programmes(p)) => {
                            (p.joined(&p.city_items()), p.joined(&p.council))
                        }
                        _ => (String::new(), String::new()),
                    };
                    let city_label = field.city.as_deref().unwrap_or(messages::city_label());
                    let council_label = field
                        .council
                        .as_deref()
                        .unwrap_or(messages::council_label());
                    plan_row(
                        format!("{}（{city_label}）", field.label),
                        key,
                        city,
                        &mut row,
                    )?;
                    plan_row(
                        format!("{}（{council_label}）", field.label),
                        key,
                        council,
                        &mut row,
                    )?;
                }
                (Kind::Schedule, value) => {
                    let text = match value {
                        Some(Value::Schedule(schedule)) => {
                            crate::view::sheet::schedule_text(schedule, dataset.plan.period.from)
                        }
                        _ => String::new(),
                    };
                    plan_row(field.label.clone(), key, text, &mut row)?;
                }
                (Kind::Owners, _) => {
                    plan_row(field.label.clone(), key, goal.owners.join("、"), &mut row)?
                }
                _ => {
                    let text = meta::field_text(goal, &FieldId::Goal(key.clone()));
                    plan_row(field.label.clone(), key, text, &mut row)?;
                }
            }
        }
    }

    // The indicators: each one's actual value of the year collected, to fill.
    if declared.indicators.is_some() && !goal.indicators.is_empty() {
        let headers = messages::form_indicator_headers(&year.row_label());
        sheet.write_with_format(row, 0, headers[0].as_str(), &formats.label)?;
        if last >= 2 {
            let about = format!("{}・{}・{}", headers[1], headers[2], headers[3]);
            sheet.merge_range(row, 1, row, last - 1, &about, &formats.label)?;
        }
        sheet.write_with_format(row, last, headers[4].as_str(), &formats.label)?;
        row += 1;
        for (i, indicator) in goal.indicators.iter().enumerate() {
            let unit = indicator.unit.clone().unwrap_or_default();
            let value_in = |n: &Number, y: FiscalYear| {
                messages::value_in_year(&format!("{}{unit}", n.display(None)), &y.row_label())
            };
            let about = [
                unit.clone(),
                indicator
                    .baseline
                    .as_ref()
                    .map(|b| value_in(&b.value, b.year))
                    .unwrap_or_default(),
                indicator
                    .target
                    .iter()
                    .map(|(y, n)| value_in(n, *y))
                    .collect::<Vec<_>>()
                    .join("、"),
            ]
            .join("　");
            sheet.write_with_format(row, 0, indicator.name.as_str(), &formats.shown)?;
            if last >= 2 {
                sheet.merge_range(row, 1, row, last - 1, &about, &formats.shown)?;
            }
            let field = Field {
                key: format!("actual[{i}]"),
                label: messages::actual_label(&indicator.name, &year.row_label()),
                kind: Kind::Number,
                description: Some(messages::actual_label(&indicator.name, &year.row_label())),
                by: Some(Filler::Section),
                ..Field::default()
            };
            fill_cell(
                sheet,
                dataset,
                goal,
                &field,
                FieldId::Actual(year, i),
                (row, last),
                formats,
                records,
            )?;
            sheet.set_row_height(row, height(2))?;
            row += 1;
        }
    }

    // How to fill it in.
    let period = dataset.plan.period;
    let has_next = period.contains(year.next());
    let plan_labels: Vec<&str> = columns
        .iter()
        .filter(|c| c.plan && Sheet::filler(c, true) == Filler::Section)
        .map(|c| c.label.as_str())
        .collect();
    let next = (has_next && !plan_labels.is_empty()).then(|| plan_labels.join("・"));
    sheet.merge_range(
        row,
        0,
        row,
        last,
        &messages::form_instructions(&year.prose(), next.as_deref()),
        &formats.note,
    )?;
    sheet.set_row_height(row, height(2))?;
    row += 1;

    // The yearly table: every year up to the one after the year collected;
    // the year collected and the next one's plan are to fill.
    let header_row = row;
    sheet.write_with_format(row, 0, declared.years.label.as_str(), &formats.label)?;
    for (i, column) in columns.iter().enumerate() {
        let mut label = match &column.group {
            Some(group) => messages::form_grouped_header(group, &column.label),
            None => column.label.clone(),
        };
        if let Some(unit) = &column.unit {
            label = messages::form_unit_header(&label, unit);
        }
        sheet.write_with_format(row, i as u16 + 1, label.as_str(), &formats.label)?;
    }
    sheet.set_row_height(row, height(2))?;
    row += 1;
    for plan_year in period.years().filter(|y| *y <= year.next()) {
        sheet.write_with_format(row, 0, plan_year.row_label(), &formats.centred)?;
        let mut row_lines = 2;
        for (i, column) in columns.iter().enumerate() {
            let at = (row, i as u16 + 1);
            let id = FieldId::Year(plan_year, column.key.clone());
            let by_section = Sheet::filler(column, true) == Filler::Section
                && column.kind.is_typed()
                && column.kind != Kind::Derived;
            let to_fill =
                by_section && (plan_year == year || (plan_year == year.next() && column.plan));
            let text = shown_text(dataset, goal, &id);
            if to_fill {
                fill_cell(sheet, dataset, goal, column, id, at, formats, records)?;
                row_lines = row_lines.max(FILL_LINES);
            } else {
                let format = if matches!(column.kind, Kind::Text) {
                    &formats.shown
                } else {
                    &formats.centred
                };
                shown_cell(sheet, goal, &id, &text, at, format, records)?;
            }
            row_lines = row_lines.max(lines(&text, pixels[i + 1]));
        }
        sheet.set_row_height(row, height(row_lines))?;
        row += 1;
    }
    records.push(Record::new(
        kind::USED,
        &no,
        "",
        &format!("A1:{}", meta::cell_name(row.saturating_sub(1), last)),
        &name,
    ));

    finish_sheet(sheet, (header_row, header_row))?;
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    sheet.set_header(messages::form_print_header(goal.no));
    Ok(())
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
