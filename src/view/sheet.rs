//! The sheets as they print: one [`SheetView`] per goal, in the frame of
//! the dataset's sheet ([`Frame`]: the title, the columns and their
//! headings, the parts in order).

use serde::Serialize;

use crate::data::Dataset;
use crate::data::derive;
use crate::data::era::FiscalYear;
use crate::data::model::{Block, Goal, Number, RichText, Schedule, TaggedBlock, Value, YearEntry};
use crate::data::sheet::{Field, Kind, Layout, Part, Sheet, Width};
use crate::messages;

/// The packet's data: `/data.json` for `sheets.typ`.
#[derive(Debug, Clone, Serialize)]
pub struct PacketView {
    pub plan: PlanView,
    pub frame: Frame,
    /// The fiscal year being reported, as rows print it (R1).
    pub report_year: String,
    /// The same in prose (令和元年度).
    pub report_year_prose: String,
    /// Whether these sheets start the packet, so that the first one carries
    /// the packet label (see [`PacketView::into_parts`]).
    pub opens_packet: bool,
    /// Whether shrunk sheets report the height of each field.
    pub measure_fields: bool,
    pub goals: Vec<SheetView>,
}

impl PacketView {
    /// The packet as consecutive parts of at most `goals_per_part` goals
    /// each, to be laid out one at a time; only the first opens the packet.
    pub fn into_parts(self, goals_per_part: usize) -> Vec<PacketView> {
        let PacketView {
            plan,
            frame,
            report_year,
            report_year_prose,
            measure_fields,
            goals,
            ..
        } = self;
        let mut goals = goals.into_iter().peekable();
        let mut parts = Vec::new();
        while parts.is_empty() || goals.peek().is_some() {
            parts.push(PacketView {
                plan: plan.clone(),
                frame: frame.clone(),
                report_year: report_year.clone(),
                report_year_prose: report_year_prose.clone(),
                opens_packet: parts.is_empty(),
                measure_fields,
                goals: goals.by_ref().take(goals_per_part.max(1)).collect(),
            });
        }
        parts
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub title: String,
    pub issuers: Vec<String>,
    pub packet_label: String,
    /// The plan's year strip heading: 28 29 30 31 32.
    pub strip_years: Vec<String>,
}

/// What every sheet of a dataset shares: its sheet's title and layout.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub title: String,
    /// Whether the header band has the 実施目標計画CD box.
    pub code: bool,
    /// The parts in the order printed: `plan`, `indicators`, `years`.
    pub order: Vec<&'static str>,
    /// The yearly table's first column's heading (年度).
    pub year_label: String,
    /// `all` (a row per year) or `one` (the year reported beside the one before).
    pub layout: &'static str,
    /// The yearly table's columns after the year's.
    pub columns: Vec<ColumnView>,
    /// The heading rows of the yearly table: one, or two when columns are
    /// grouped under a common heading.
    pub header: Vec<Vec<HeaderCell>>,
    /// The indicators table's headings, when the sheet has one.
    pub indicators: Option<IndicatorsFrame>,
}

/// A column of the yearly table.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub key: String,
    pub label: String,
    /// How its cells are set: `rich` (a text), `letter` (a grade, large and
    /// centred), `word` (a choice, centred) or `value` (a number or a
    /// rate: one line, to the right).
    pub style: &'static str,
    pub width: WidthView,
}

/// A width as the templates take it: millimetres or a share.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WidthView {
    Mm(f64),
    Fr(f64),
}

#[derive(Debug, Clone, Serialize)]
pub struct HeaderCell {
    pub label: String,
    pub colspan: usize,
    pub rowspan: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorsFrame {
    pub label: String,
    /// The column headings, in order.
    pub headings: Vec<String>,
    pub chart: bool,
}

/// One goal's sheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub no: u32,
    /// The three CD cells; an unknown part is an empty cell.
    pub code: [String; 3],
    /// The goal's name on one line (bookmarks, contents, lists).
    pub name: String,
    /// The table at the top, section by section.
    pub plan: Vec<SectionView>,
    /// The yearly table's rows (layout `all`).
    pub rows: Vec<RowView>,
    /// The year reported beside the one before (layout `one`).
    pub year: Option<OneYearView>,
    /// The indicators table's rows.
    pub indicators: Vec<IndicatorRow>,
    /// Notes under the tables: each grade a person changed, with why.
    pub footnotes: Vec<String>,
}

/// A section of the table at the top.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SectionView {
    /// Rows under a vertical label.
    Group { label: String, rows: Vec<RowField> },
    /// One row with its label beside it.
    Row { row: RowField },
}

/// One labelled field of the table at the top.
#[derive(Debug, Clone, Serialize)]
pub struct RowField {
    pub label: String,
    pub cell: Cell,
}

/// What a cell holds, as printed. `path` is the field's place in its goal
/// (`content`, `years[2].results`): the fitting report names a field by it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cell {
    /// A text of blocks (paragraph, list, heading, table).
    Rich {
        path: String,
        blocks: Vec<BlockView>,
    },
    /// One line of text (a number with its unit, a rate, a choice, a letter).
    Value {
        path: String,
        text: String,
        /// A grade a person changed from the computed one (marked ※).
        changed: bool,
    },
    /// 年次計画: arrows over the plan's years.
    Schedule {
        segments: Vec<SegmentView>,
        new: bool,
        /// The same in words (「準備（28）、配置・整備（29〜32）、新規」), for
        /// the editions without arrows: the forms and the web edition.
        text: String,
    },
    /// 関係取組・事業: the city's and the council's, each as printed (one
    /// run joined by 、, or one a line).
    Programmes {
        path: String,
        city_label: String,
        council_label: String,
        city: String,
        council: String,
    },
}

/// An arrow from strip column `start` to `end` (0-based, inclusive).
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub start: usize,
    pub end: usize,
    pub label: Option<String>,
}

/// A row of the yearly table: the year as rows print it, and one cell per
/// column of the frame.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub year: String,
    pub cells: Vec<Cell>,
}

/// Layout `one`: each column as a row, the year before beside the year
/// reported.
#[derive(Debug, Clone, Serialize)]
pub struct OneYearView {
    pub previous_year: String,
    pub year: String,
    pub rows: Vec<OneYearRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OneYearRow {
    pub label: String,
    pub style: &'static str,
    pub previous: Cell,
    pub current: Cell,
}

/// One indicator: its cells in the order of [`IndicatorsFrame::headings`],
/// and the figures of its chart.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub cells: Vec<String>,
    pub chart: Option<ChartView>,
}

/// An indicator's values by year, for its chart (and its text).
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub years: Vec<String>,
    pub actual: Vec<Option<f64>>,
    pub target: Vec<Option<f64>>,
    /// The figures in words: 「R3 135人、R4 150人（目標 200人）」.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph { text: String },
    List { items: Vec<String> },
    Heading { text: String },
    Table { rows: Vec<Vec<String>> },
}

/// A rich cell as the blocks the templates print.
pub fn blocks(text: &RichText) -> Vec<BlockView> {
    text.blocks()
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(text) | Block::Tagged(TaggedBlock::Paragraph(text)) => {
                BlockView::Paragraph { text }
            }
            Block::Tagged(TaggedBlock::List(items)) => BlockView::List { items },
            Block::Tagged(TaggedBlock::Heading(text)) => BlockView::Heading { text },
            Block::Tagged(TaggedBlock::Table(rows)) => BlockView::Table { rows },
        })
        .collect()
}

/// How a column's cells are set.
fn style(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "rich",
        Kind::Grade | Kind::Derived => "letter",
        Kind::Choice => "word",
        _ => "value",
    }
}

fn width(width: Option<Width>) -> WidthView {
    match width {
        Some(Width::Mm(mm)) => WidthView::Mm(mm),
        Some(Width::Fr(fr)) => WidthView::Fr(fr),
        None => WidthView::Fr(1.0),
    }
}

/// The yearly table's heading rows: a column in a group is headed under
/// the group's heading, the others span both rows.
fn header(sheet: &Sheet) -> Vec<Vec<HeaderCell>> {
    let grouped = sheet.years.columns.iter().any(|c| c.group.is_some());
    let rowspan = if grouped { 2 } else { 1 };
    let mut top = vec![HeaderCell {
        label: sheet.years.label.clone(),
        colspan: 1,
        rowspan,
    }];
    let mut bottom = Vec::new();
    let columns = &sheet.years.columns;
    let mut i = 0;
    while i < columns.len() {
        match &columns[i].group {
            Some(group) => {
                let run = columns[i..]
                    .iter()
                    .take_while(|c| c.group.as_ref() == Some(group))
                    .count();
                top.push(HeaderCell {
                    label: group.clone(),
                    colspan: run,
                    rowspan: 1,
                });
                bottom.extend(columns[i..i + run].iter().map(|c| HeaderCell {
                    label: c.label.clone(),
                    colspan: 1,
                    rowspan: 1,
                }));
                i += run;
            }
            None => {
                top.push(HeaderCell {
                    label: columns[i].label.clone(),
                    colspan: 1,
                    rowspan,
                });
                i += 1;
            }
        }
    }
    if grouped {
        vec![top, bottom]
    } else {
        vec![top]
    }
}

/// The frame of `dataset`'s sheets.
pub fn frame(dataset: &Dataset) -> Frame {
    let sheet = dataset.sheet();
    Frame {
        title: sheet.title.clone(),
        code: sheet.code,
        order: sheet
            .order()
            .into_iter()
            .map(|part| match part {
                Part::Plan => "plan",
                Part::Indicators => "indicators",
                Part::Years => "years",
            })
            .collect(),
        year_label: sheet.years.label.clone(),
        layout: match sheet.years.layout {
            Layout::All => "all",
            Layout::One => "one",
        },
        columns: sheet
            .years
            .columns
            .iter()
            .map(|c| ColumnView {
                key: c.key.clone(),
                label: c.label.clone(),
                style: style(c.kind),
                width: width(c.width),
            })
            .collect(),
        header: header(sheet),
        indicators: sheet.indicators.as_ref().map(|declared| {
            let mut headings = vec![
                messages::indicator_name_heading().to_owned(),
                messages::indicator_baseline_heading().to_owned(),
                messages::indicator_target_heading().to_owned(),
                messages::indicator_actual_heading().to_owned(),
            ];
            headings.extend(declared.rate.clone());
            headings.extend(declared.grade.as_ref().map(|g| g.label.clone()));
            IndicatorsFrame {
                label: declared.label.clone(),
                headings,
                chart: declared.chart,
            }
        }),
    }
}

/// A number with the unit its field or indicator gives.
fn with_unit(number: &Number, decimals: Option<u8>, unit: Option<&str>) -> String {
    format!("{}{}", number.display(decimals), unit.unwrap_or_default())
}

/// A rate in percent, as printed: 98.5%.
fn percent(rate: f64, decimals: Option<u8>) -> String {
    format!(
        "{}%",
        crate::data::model::format_number(rate, decimals.unwrap_or(1))
    )
}

/// A number (with its unit), a rate (in percent) or a choice of a row's
/// `column`, as every document prints it; empty when there is none.
pub fn value_text(entry: &YearEntry, column: &Field) -> String {
    match (column.kind, entry.fields.get(&column.key)) {
        (Kind::Number, Some(Value::Number(n))) => {
            with_unit(n, column.decimals, column.unit.as_deref())
        }
        (Kind::Choice, Some(Value::Choice(choice))) => choice.trim().to_owned(),
        (Kind::Rate, _) => derive::row_rate(entry, column)
            .map(|rate| percent(rate, column.decimals))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A row's cell of `column` at `path`; `plan_only` rows print only the
/// columns a plan fills.
#[allow(clippy::too_many_arguments)]
fn row_cell(
    sheet: &Sheet,
    entry: Option<&YearEntry>,
    column: &Field,
    path: String,
    plan_only: bool,
    footnotes: &mut Vec<String>,
    year: FiscalYear,
) -> Cell {
    let shown = entry.filter(|_| column.plan || !plan_only);
    let value = |text: String, changed: bool| Cell::Value {
        path: path.clone(),
        text,
        changed,
    };
    match column.kind {
        Kind::Text => Cell::Rich {
            blocks: shown
                .map(|e| blocks(e.fields.text(&column.key)))
                .unwrap_or_default(),
            path,
        },
        Kind::Grade => value(
            match shown.and_then(|e| e.fields.get(&column.key)) {
                Some(Value::Letter(letter)) => letter.letter().to_owned(),
                _ => String::new(),
            },
            false,
        ),
        Kind::Number | Kind::Choice | Kind::Rate => value(
            shown.map(|e| value_text(e, column)).unwrap_or_default(),
            false,
        ),
        Kind::Derived => {
            let rate_column = column.from.as_deref().and_then(|k| sheet.column(k));
            match shown
                .zip(rate_column)
                .and_then(|(e, rate)| derive::row_grade(e, column, rate))
            {
                Some(grade) => {
                    if let Some(reason) = &grade.changed {
                        footnotes.push(messages::grade_changed_note(
                            &year.row_label(),
                            &column.label,
                            grade.letter.letter(),
                            reason,
                        ));
                    }
                    value(grade.letter.letter().to_owned(), grade.changed.is_some())
                }
                None => value(String::new(), false),
            }
        }
        Kind::Owners | Kind::Schedule | Kind::Programmes => value(String::new(), false),
    }
}

/// A goal-level field's cell.
fn goal_cell(dataset: &Dataset, goal: &Goal, field: &Field) -> Cell {
    let path = field.key.clone();
    match (field.kind, goal.fields.get(&field.key)) {
        (Kind::Schedule, value) => {
            let plan_years: Vec<FiscalYear> = dataset.plan.period.years().collect();
            let column = |year: FiscalYear| {
                plan_years
                    .iter()
                    .position(|y| *y == year)
                    .expect("validation keeps arrows inside the plan period")
            };
            let (segments, new, text) = match value {
                Some(Value::Schedule(schedule)) => (
                    schedule
                        .segments
                        .iter()
                        .map(|s| SegmentView {
                            start: column(s.from),
                            end: column(s.to),
                            label: s.label.clone(),
                        })
                        .collect(),
                    schedule.new,
                    schedule_text(schedule, dataset.plan.period.from),
                ),
                _ => (Vec::new(), false, String::new()),
            };
            Cell::Schedule {
                segments,
                new,
                text,
            }
        }
        (Kind::Programmes, value) => {
            let (city, council) = match value {
                Some(Value::Programmes(programmes)) => (
                    programmes.joined(&programmes.city_items()),
                    programmes.joined(&programmes.council),
                ),
                _ => (String::new(), String::new()),
            };
            Cell::Programmes {
                path,
                city_label: field
                    .city
                    .clone()
                    .unwrap_or_else(|| messages::city_label().to_owned()),
                council_label: field
                    .council
                    .clone()
                    .unwrap_or_else(|| messages::council_label().to_owned()),
                city,
                council,
            }
        }
        (Kind::Owners, _) => Cell::Value {
            path,
            text: goal.owners.join("、"),
            changed: false,
        },
        (Kind::Number, Some(Value::Number(n))) => Cell::Value {
            path,
            text: with_unit(n, field.decimals, field.unit.as_deref()),
            changed: false,
        },
        (Kind::Choice, Some(Value::Choice(choice))) => Cell::Value {
            path,
            text: choice.trim().to_owned(),
            changed: false,
        },
        (Kind::Text, _) => Cell::Rich {
            blocks: blocks(goal.fields.text(&field.key)),
            path,
        },
        _ => Cell::Value {
            path,
            text: String::new(),
            changed: false,
        },
    }
}

/// 年次計画 in words: each arrow's years (as the plan's strip numbers them,
/// counting from `from`) and phase, and 新規.
pub fn schedule_text(schedule: &Schedule, from: FiscalYear) -> String {
    let mut parts: Vec<String> = schedule
        .segments
        .iter()
        .map(|segment| {
            let years = if segment.from == segment.to {
                segment.from.plan_label(from)
            } else {
                messages::year_range(&segment.from.plan_label(from), &segment.to.plan_label(from))
            };
            match &segment.label {
                Some(label) => messages::schedule_phase(label, &years),
                None => years,
            }
        })
        .collect();
    if schedule.new {
        parts.push(messages::schedule_new().to_owned());
    }
    parts.join("、")
}

/// The table at the top of `goal`'s sheet.
fn plan_sections(dataset: &Dataset, goal: &Goal) -> Vec<SectionView> {
    let sheet = dataset.sheet();
    let row = |key: &String| {
        let field = sheet
            .goal_field(key)
            .expect("the declaration's checks keep every row declared");
        RowField {
            label: field.label.clone(),
            cell: goal_cell(dataset, goal, field),
        }
    };
    sheet
        .plan
        .iter()
        .map(|section| match (&section.group, &section.row) {
            (Some(label), _) => SectionView::Group {
                label: label.clone(),
                rows: section.rows.iter().map(row).collect(),
            },
            (None, Some(key)) => SectionView::Row { row: row(key) },
            (None, None) => {
                unreachable!("the declaration's checks give a section a group or a row")
            }
        })
        .collect()
}

/// An indicator's rows and chart for the sheet of `report_year`.
fn indicator_rows(
    dataset: &Dataset,
    goal: &Goal,
    report_year: FiscalYear,
    footnotes: &mut Vec<String>,
) -> Vec<IndicatorRow> {
    let Some(declared) = &dataset.sheet().indicators else {
        return Vec::new();
    };
    let years: Vec<FiscalYear> = dataset
        .plan
        .period
        .years()
        .filter(|y| *y <= report_year)
        .collect();
    goal.indicators
        .iter()
        .map(|indicator| {
            let unit = indicator.unit.as_deref();
            let number = |n: &Number| with_unit(n, None, unit);
            let mut cells = vec![indicator.name.clone()];
            cells.push(
                indicator
                    .baseline
                    .as_ref()
                    .map(|b| messages::value_in_year(&number(&b.value), &b.year.row_label()))
                    .unwrap_or_default(),
            );
            cells.push(
                indicator
                    .target
                    .iter()
                    .map(|(year, n)| messages::value_in_year(&number(n), &year.row_label()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            cells.push(
                years
                    .iter()
                    .filter_map(|year| {
                        indicator
                            .actual
                            .get(year)
                            .map(|n| messages::value_in_year(&number(n), &year.row_label()))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            if declared.rate.is_some() {
                cells.push(
                    derive::indicator_rate(indicator, report_year)
                        .map(|rate| percent(rate, declared.decimals))
                        .unwrap_or_default(),
                );
            }
            if let Some(grade) = &declared.grade {
                let derived = derive::indicator_grade(indicator, report_year, &grade.rule);
                cells.push(match &derived {
                    Some(d) if d.changed.is_some() => format!("{}※", d.letter.letter()),
                    Some(d) => d.letter.letter().to_owned(),
                    None => String::new(),
                });
                if let Some(reason) = derived.as_ref().and_then(|d| d.changed.as_ref()) {
                    footnotes.push(messages::grade_changed_note(
                        &report_year.row_label(),
                        &indicator.name,
                        derived.as_ref().map_or("", |d| d.letter.letter()),
                        reason,
                    ));
                }
            }
            // The chart spans the whole plan: the values so far, the target
            // line to its end.
            let plan_years: Vec<FiscalYear> = dataset.plan.period.years().collect();
            let chart = declared.chart.then(|| ChartView {
                years: plan_years.iter().map(|y| y.row_label()).collect(),
                actual: plan_years
                    .iter()
                    .map(|y| {
                        indicator
                            .actual
                            .get(y)
                            .filter(|_| *y <= report_year)
                            .map(|n| n.value)
                    })
                    .collect(),
                target: plan_years
                    .iter()
                    .map(|y| indicator.target_for(*y).map(|n| n.value))
                    .collect(),
                text: messages::chart_text(
                    &indicator.name,
                    &years
                        .iter()
                        .filter_map(|y| Some((y.row_label(), number(indicator.actual.get(y)?))))
                        .collect::<Vec<_>>(),
                    indicator
                        .target
                        .iter()
                        .next_back()
                        .map(|(y, n)| (y.row_label(), number(n))),
                ),
            });
            IndicatorRow { cells, chart }
        })
        .collect()
}

/// One goal's sheet for `report_year`: rows up to that year with their
/// results, the next year's row with its plan only (layout `all`); or that
/// year beside the one before (layout `one`).
pub fn sheet_view(dataset: &Dataset, goal: &Goal, report_year: FiscalYear) -> SheetView {
    let sheet = dataset.sheet();
    let code = &goal.plan_code;
    let mut footnotes = Vec::new();
    let mut rows = Vec::new();
    let mut year = None;
    match sheet.years.layout {
        Layout::All => {
            for (y, entry) in goal.years.iter().enumerate() {
                if entry.year > report_year.next() {
                    continue;
                }
                let plan_only = entry.year > report_year;
                let cells = sheet
                    .years
                    .columns
                    .iter()
                    .map(|column| {
                        row_cell(
                            sheet,
                            Some(entry),
                            column,
                            format!("years[{y}].{}", column.key),
                            plan_only,
                            &mut footnotes,
                            entry.year,
                        )
                    })
                    .collect();
                rows.push(RowView {
                    year: entry.year.row_label(),
                    cells,
                });
            }
        }
        Layout::One => {
            let previous = report_year.prev();
            let index = |year: FiscalYear| goal.years.iter().position(|e| e.year == year);
            let path = |year: FiscalYear, column: &Field| match index(year) {
                Some(y) => format!("years[{y}].{}", column.key),
                None => String::new(),
            };
            let in_period = |year: FiscalYear| dataset.plan.period.contains(year);
            year = Some(OneYearView {
                previous_year: if in_period(previous) {
                    messages::previous_year_heading(&previous.row_label())
                } else {
                    String::new()
                },
                year: messages::report_year_heading(&report_year.row_label()),
                rows: sheet
                    .years
                    .columns
                    .iter()
                    .map(|column| OneYearRow {
                        label: column.label.clone(),
                        style: style(column.kind),
                        previous: row_cell(
                            sheet,
                            goal.year(previous).filter(|_| in_period(previous)),
                            column,
                            path(previous, column),
                            false,
                            &mut Vec::new(),
                            previous,
                        ),
                        current: row_cell(
                            sheet,
                            goal.year(report_year),
                            column,
                            path(report_year, column),
                            false,
                            &mut footnotes,
                            report_year,
                        ),
                    })
                    .collect(),
            });
        }
    }
    let indicators = indicator_rows(dataset, goal, report_year, &mut footnotes);
    SheetView {
        no: goal.no,
        code: [
            code.basic_goal
                .map(|g| g.label().to_owned())
                .unwrap_or_default(),
            code.measure.map(|m| m.to_string()).unwrap_or_default(),
            code.sub_measure.map(|s| s.label()).unwrap_or_default(),
        ],
        name: dataset.goal_name(goal),
        plan: plan_sections(dataset, goal),
        rows,
        year,
        indicators,
        footnotes,
    }
}

/// What the body of each sheet is laid out from, besides the templates and
/// the fonts, by goal No.: its view, the frame and the plan's year strip,
/// as JSON. The fit memo keys each sheet's fitting on it.
pub fn layout_inputs(
    frame: &Frame,
    strip_years: &[String],
    goals: &[SheetView],
) -> Vec<(u32, Vec<u8>)> {
    goals
        .iter()
        .map(|goal| {
            let input = serde_json::to_vec(&(frame, strip_years, goal));
            (goal.no, input.expect("the view serialises"))
        })
        .collect()
}

/// The packet for `report_year`. `only` keeps the listed goals;
/// `measure_fields` asks shrunk sheets for the height of each field.
pub fn packet(
    dataset: &Dataset,
    report_year: FiscalYear,
    only: &[u32],
    measure_fields: bool,
) -> PacketView {
    PacketView {
        plan: plan_view(dataset),
        frame: frame(dataset),
        report_year: report_year.row_label(),
        report_year_prose: report_year.prose(),
        opens_packet: true,
        measure_fields,
        goals: dataset
            .goals
            .iter()
            .filter(|goal| only.is_empty() || only.contains(&goal.no))
            .map(|goal| sheet_view(dataset, goal, report_year))
            .collect(),
    }
}

/// The plan as every paper heads it.
pub fn plan_view(dataset: &Dataset) -> PlanView {
    PlanView {
        title: dataset.plan.title.clone(),
        issuers: dataset.plan.issuers.clone(),
        packet_label: dataset.plan.packet_label.clone(),
        strip_years: dataset
            .plan
            .period
            .years()
            .map(|y| y.plan_label(dataset.plan.period.from))
            .collect(),
    }
}
