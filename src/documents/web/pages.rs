//! What each page of the web edition shows, as the templates read it: the
//! booklet's view (the sheets, the summaries, the plan's structure) with
//! the links between the pages and the words of the pages' furniture.
//! Nothing here reads the model: every word of a sheet comes from
//! [`crate::view`], so the web edition prints what the PDFs print.

use serde::Serialize;

use crate::messages;
use crate::view::booklet::{BookletView, LetterCounts, MatrixView};
use crate::view::sheet::{Frame, HeaderCell, SheetView, WidthView};

/// The fixed words and marks of the pages, from [`messages`] (the templates
/// hold no Japanese of their own); every template sees them as `words`.
#[derive(Debug, Serialize)]
pub struct Words {
    skip_link: &'static str,
    breadcrumb: &'static str,
    index: &'static str,
    pager: &'static str,
    previous: &'static str,
    next: &'static str,
    back: &'static str,
    scroll_hint: &'static str,
    text_about: &'static str,
    about: &'static str,
    plan: &'static str,
    issuers: &'static str,
    year: &'static str,
    issued: &'static str,
    pdf: &'static str,
    summary: &'static str,
    total: &'static str,
    no: &'static str,
    content: &'static str,
    change: &'static str,
    meaning: &'static str,
    basic_goals: &'static str,
    movements: &'static str,
    no_movements: &'static str,
    movement: &'static str,
    goals: &'static str,
    code: &'static str,
    goal_no: &'static str,
    chart: &'static str,
    bullet: &'static str,
    mark: &'static str,
    changed: &'static str,
    cell_separator: &'static str,
}

/// The words, as the templates see them.
pub fn words() -> Words {
    Words {
        skip_link: messages::web_skip_link(),
        breadcrumb: messages::web_breadcrumb_label(),
        index: messages::web_index_link(),
        pager: messages::web_pager_label(),
        previous: messages::web_previous_goal(),
        next: messages::web_next_goal(),
        back: messages::web_back_to_index(),
        scroll_hint: messages::web_scroll_hint(),
        text_about: messages::web_text_link_about(),
        about: messages::web_about_heading(),
        plan: messages::web_plan_label(),
        issuers: messages::web_issuers_label(),
        year: messages::web_year_label(),
        issued: messages::web_issued_label(),
        pdf: messages::web_pdf_heading(),
        summary: messages::web_summary_heading(),
        total: messages::web_total(),
        no: messages::goal_no_heading(),
        content: messages::web_content_heading(),
        change: messages::web_change_heading(),
        meaning: messages::web_meaning_heading(),
        basic_goals: messages::web_basic_goals_heading(),
        movements: messages::web_movements_heading(),
        no_movements: messages::web_no_movements(),
        movement: messages::web_movement_heading(),
        goals: messages::web_goals_heading(),
        code: messages::web_code_label(),
        goal_no: messages::web_no_label(),
        chart: messages::web_chart_heading(),
        bullet: messages::web_bullet(),
        mark: messages::web_text_heading_mark(),
        changed: messages::changed_mark(),
        cell_separator: messages::web_cell_separator(),
    }
}

/// A link: where to, and its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A PDF offered for download: its link (with type and size) and what it is.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    pub href: String,
    pub text: String,
    pub about: String,
}

/// What every page shares.
#[derive(Debug, Serialize)]
pub struct Site<'a> {
    pub frame: &'a Frame,
    pub plan_title: &'a str,
    pub issuers: String,
    pub footer: String,
    /// The reported year in prose (令和元年度).
    pub year: &'a str,
    /// 令和元年度 実施目標計画　進行管理シート: the index's heading, and
    /// the line over each goal's.
    pub heading: String,
    pub packet_label: &'a str,
    /// The legend of each graded column.
    pub scales: Vec<ScaleView>,
}

/// A graded column's scale: its meanings when the plan gives them, and the
/// order of its letters in words.
#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub heading: String,
    pub label: String,
    pub legend: Vec<(String, String)>,
    pub order: String,
}

/// The index page.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    pub site: &'a Site<'a>,
    pub title: String,
    /// Where the style sheet and the index are, from this page.
    pub root: &'static str,
    pub intro: String,
    pub issued: Option<&'a str>,
    pub pdfs: Vec<PdfLink>,
    pub text_link: Link,
    pub matrices: Vec<MatrixPage>,
    pub basic_goals: Vec<BasicGoalPage>,
    pub movements: Option<MovementsPage>,
    pub groups: Vec<GoalGroup>,
}

/// One graded column's 評価の集計.
#[derive(Debug, Serialize)]
pub struct MatrixPage {
    pub label: String,
    pub counts: CountsTable,
    pub matrix_caption: String,
    pub years: Vec<String>,
    pub change_year: Option<String>,
    pub rows: Vec<MatrixRowPage>,
}

/// How many goals got each letter, per year: a table, and the same a year
/// a line (the booklet's chart, in words).
#[derive(Debug, Serialize)]
pub struct CountsTable {
    pub caption: String,
    pub label: String,
    pub years: Vec<String>,
    /// A row per letter: the letter and its count in each year.
    pub rows: Vec<(String, Vec<usize>)>,
    pub totals: Vec<usize>,
    pub lines_heading: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MatrixRowPage {
    pub no: u32,
    /// To the goal's page, by its name.
    pub link: Link,
    pub cells: Vec<String>,
    pub change: String,
    /// The row in words, for the text companion.
    pub line: String,
}

#[derive(Debug, Serialize)]
pub struct BasicGoalPage {
    pub heading: String,
    pub grade: Option<String>,
    pub counts: Vec<CountsTable>,
}

#[derive(Debug, Serialize)]
pub struct MovementsPage {
    pub caption: String,
    pub previous_year: String,
    pub year: String,
    pub rows: Vec<MovementRowPage>,
}

#[derive(Debug, Serialize)]
pub struct MovementRowPage {
    pub no: u32,
    /// To the goal's page, by its name.
    pub link: Link,
    pub previous: String,
    pub current: String,
    pub change: String,
    /// The row in words, for the text companion.
    pub line: String,
}

/// The goals under one 基本目標, in runs under their 施策.
#[derive(Debug, Serialize)]
pub struct GoalGroup {
    pub heading: String,
    pub runs: Vec<GoalRun>,
}

#[derive(Debug, Serialize)]
pub struct GoalRun {
    pub heading: Option<String>,
    pub goals: Vec<Link>,
}

/// One goal's page.
#[derive(Debug, Serialize)]
pub struct GoalPage<'a> {
    pub site: &'a Site<'a>,
    pub title: String,
    pub root: &'static str,
    pub heading: String,
    pub goal: &'a SheetView,
    /// The 実施目標計画CD as the booklet prints it: I 3 (1).
    pub code: String,
    pub years_heading: String,
    pub years_caption: String,
    /// The yearly table's column groups (the year's column first), each
    /// with its columns' widths (`17.3%`).
    pub colgroups: Vec<Vec<String>>,
    pub header: Vec<Vec<HeaderPage>>,
    /// Each column's name in full, its group's heading before its own
    /// (取組の結果（内容と成果）): what the text companion prints before a
    /// cell, and what a small table inside a cell is named after.
    pub columns: Vec<String>,
    pub indicators_caption: String,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub text_link: Link,
}

/// A heading cell of the yearly table, with the scope it heads.
#[derive(Debug, Serialize)]
pub struct HeaderPage {
    pub label: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// `col`, or `colgroup` for a heading over several columns.
    pub scope: &'static str,
}

/// A goal's page file, relative to the web folder: `goals/05.html`.
pub fn goal_file(no: u32, extension: &str) -> String {
    format!("goals/{no:02}.{extension}")
}

/// A goal's page from another goal's page.
fn sibling(no: u32) -> String {
    format!("{no:02}.html")
}

/// 28〜R1: the first and last of `years`.
fn span(years: &[String]) -> String {
    match years {
        [] => String::new(),
        [only] => only.clone(),
        [first, .., last] => messages::year_range(first, last),
    }
}

pub fn site<'a>(booklet: &'a BookletView) -> Site<'a> {
    let issuers = messages::web_issuers(&booklet.plan.issuers);
    Site {
        frame: &booklet.frame,
        plan_title: &booklet.plan.title,
        footer: messages::web_footer(&issuers),
        issuers,
        year: &booklet.report_year_prose,
        heading: messages::web_index_heading(&booklet.report_year_prose, &booklet.frame.title),
        packet_label: &booklet.plan.packet_label,
        scales: booklet.matrices.iter().map(scale).collect(),
    }
}

fn scale(matrix: &MatrixView) -> ScaleView {
    let letters = |ranked: bool| -> Vec<&str> {
        matrix
            .scale
            .iter()
            .filter(|l| l.ranked == ranked)
            .map(|l| l.letter.as_str())
            .collect()
    };
    ScaleView {
        heading: messages::web_legend_heading(&matrix.label),
        label: matrix.label.clone(),
        legend: matrix
            .legend
            .iter()
            .map(|e| (e.letter.clone(), e.meaning.clone()))
            .collect(),
        order: messages::web_scale_order(&matrix.label, &letters(true), &letters(false)),
    }
}

fn counts_table(label: &str, letters: &[String], counts: &[LetterCounts]) -> CountsTable {
    let years: Vec<String> = counts.iter().map(|c| c.year.clone()).collect();
    CountsTable {
        caption: messages::web_counts_caption(label, &span(&years)),
        label: label.to_owned(),
        rows: letters
            .iter()
            .enumerate()
            .map(|(i, letter)| (letter.clone(), counts.iter().map(|c| c.counts[i]).collect()))
            .collect(),
        totals: counts.iter().map(|c| c.counts.iter().sum()).collect(),
        lines_heading: messages::web_counts_lines_heading(label),
        lines: counts
            .iter()
            .map(|c| {
                let each: Vec<(String, usize)> = letters
                    .iter()
                    .cloned()
                    .zip(c.counts.iter().copied())
                    .collect();
                messages::web_counts_line(&c.year, &each)
            })
            .collect(),
        years,
    }
}

/// The link to goal `no` from the index.
fn goal_link(booklet: &BookletView, no: u32) -> Link {
    let name = booklet
        .goals
        .iter()
        .find(|g| g.no == no)
        .map(|g| g.name.as_str())
        .unwrap_or_default();
    Link {
        href: goal_file(no, "html"),
        text: messages::web_goal_name(no, name),
    }
}

fn matrix(matrix: &MatrixView) -> MatrixPage {
    let letters: Vec<String> = matrix.scale.iter().map(|l| l.letter.clone()).collect();
    MatrixPage {
        label: matrix.label.clone(),
        counts: counts_table(&matrix.label, &letters, &matrix.counts),
        matrix_caption: messages::web_matrix_caption(&matrix.label, &span(&matrix.years)),
        years: matrix.years.clone(),
        change_year: matrix.change_year.clone(),
        rows: matrix
            .rows
            .iter()
            .map(|row| MatrixRowPage {
                no: row.no,
                link: Link {
                    href: goal_file(row.no, "html"),
                    text: row.content.clone(),
                },
                cells: row.cells.clone(),
                change: row.change.clone(),
                line: messages::web_matrix_line(
                    &matrix
                        .years
                        .iter()
                        .cloned()
                        .zip(row.cells.iter().cloned())
                        .collect::<Vec<_>>(),
                    &row.change,
                ),
            })
            .collect(),
    }
}

fn groups(booklet: &BookletView) -> Vec<GoalGroup> {
    booklet
        .system
        .groups
        .iter()
        .map(|group| {
            let mut runs: Vec<GoalRun> = Vec::new();
            for entry in &group.goals {
                if entry.measure_heading.is_some() || runs.is_empty() {
                    runs.push(GoalRun {
                        heading: entry.measure_heading.clone(),
                        goals: Vec::new(),
                    });
                }
                runs.last_mut()
                    .expect("pushed above")
                    .goals
                    .push(goal_link(booklet, entry.no));
            }
            GoalGroup {
                heading: if group.basic_goal.is_empty() {
                    messages::basic_goal_unknown_heading().to_owned()
                } else {
                    messages::basic_goal_heading(&group.basic_goal, group.name.as_deref())
                },
                runs,
            }
        })
        .collect()
}

pub fn index<'a>(
    site: &'a Site<'a>,
    booklet: &'a BookletView,
    pdfs: Vec<PdfLink>,
    text_link: Link,
) -> IndexPage<'a> {
    IndexPage {
        title: messages::web_title(&[&site.heading, site.plan_title]),
        root: "",
        intro: messages::web_intro(site.plan_title, site.year, booklet.goals.len()),
        issued: booklet.issued.as_deref(),
        pdfs,
        text_link,
        matrices: booklet.matrices.iter().map(matrix).collect(),
        basic_goals: booklet
            .basic_goals
            .iter()
            .map(|basic| BasicGoalPage {
                heading: messages::web_basic_goal_summary(
                    &messages::basic_goal_heading(&basic.basic_goal, Some(&basic.name)),
                    basic.goals,
                ),
                grade: basic.grade.as_deref().map(messages::web_basic_goal_grade),
                counts: basic
                    .counts
                    .iter()
                    .zip(&booklet.matrices)
                    .map(|(counts, m)| {
                        let letters: Vec<String> =
                            m.scale.iter().map(|l| l.letter.clone()).collect();
                        counts_table(&m.label, &letters, counts)
                    })
                    .collect(),
            })
            .collect(),
        movements: booklet.movements.as_ref().map(|m| MovementsPage {
            caption: messages::web_movements_caption(&m.previous_year, &m.year),
            previous_year: m.previous_year.clone(),
            year: m.year.clone(),
            rows: m
                .rows
                .iter()
                .map(|r| MovementRowPage {
                    no: r.no,
                    link: Link {
                        href: goal_file(r.no, "html"),
                        text: r.content.clone(),
                    },
                    previous: r.previous.clone(),
                    current: r.current.clone(),
                    change: r.change.clone(),
                    line: messages::web_movement_line(
                        (&m.previous_year, &r.previous),
                        (&m.year, &r.current),
                        &r.change,
                    ),
                })
                .collect(),
        }),
        groups: groups(booklet),
        site,
    }
}

/// The sheet's body width and its year column, in millimetres
/// (`templates/styles.typ`): the yearly table's declared widths are shared
/// out on a page as on the sheet.
const SHEET_WIDTH_MM: f64 = 277.0;
const YEAR_COLUMN_MM: f64 = 9.0;

/// Each column's share of the yearly table's width, the year's first, as
/// the sheet shares its width: millimetres as they are, the rest by `fr`.
fn column_widths(frame: &Frame) -> Vec<f64> {
    let fixed: f64 = frame
        .columns
        .iter()
        .filter_map(|c| match c.width {
            WidthView::Mm(mm) => Some(mm),
            WidthView::Fr(_) => None,
        })
        .sum();
    let shares: f64 = frame
        .columns
        .iter()
        .filter_map(|c| match c.width {
            WidthView::Fr(fr) => Some(fr),
            WidthView::Mm(_) => None,
        })
        .sum();
    let rest = (SHEET_WIDTH_MM - YEAR_COLUMN_MM - fixed).max(0.0);
    let mut widths = vec![YEAR_COLUMN_MM];
    widths.extend(frame.columns.iter().map(|c| match c.width {
        WidthView::Mm(mm) => mm,
        WidthView::Fr(fr) => rest * fr / shares.max(f64::MIN_POSITIVE),
    }));
    let total: f64 = widths.iter().sum();
    widths
        .iter()
        .map(|w| w / total.max(f64::MIN_POSITIVE))
        .collect()
}

/// The yearly table's heading rows, each cell with its scope, and the
/// column groups they make, each with its columns' widths.
fn header(frame: &Frame) -> (Vec<Vec<String>>, Vec<Vec<HeaderPage>>) {
    let cell = |c: &HeaderCell| HeaderPage {
        label: c.label.clone(),
        colspan: c.colspan,
        rowspan: c.rowspan,
        scope: if c.colspan > 1 { "colgroup" } else { "col" },
    };
    let mut widths = column_widths(frame)
        .into_iter()
        .map(|share| format!("{:.1}%", share * 100.0));
    let colgroups = frame
        .header
        .first()
        .map(|top| {
            top.iter()
                .map(|c| widths.by_ref().take(c.colspan).collect())
                .collect()
        })
        .unwrap_or_default();
    let rows = frame
        .header
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    (colgroups, rows)
}

/// Each column's full name: a column under a group's heading is named
/// after both (the first heading row spans a group's columns, the second
/// names them).
fn column_names(frame: &Frame) -> Vec<String> {
    let (Some(top), bottom) = (frame.header.first(), frame.header.get(1)) else {
        return Vec::new();
    };
    let mut grouped = bottom.into_iter().flatten();
    let mut names = Vec::new();
    // The first heading is the year's.
    for cell in top.iter().skip(1) {
        if cell.rowspan == 1 && bottom.is_some() {
            for column in grouped.by_ref().take(cell.colspan) {
                names.push(messages::web_grouped_column(&cell.label, &column.label));
            }
        } else {
            names.push(cell.label.clone());
        }
    }
    names
}

/// The page of `booklet.goals[index]`, with links to the goals beside it.
pub fn goal<'a>(
    site: &'a Site<'a>,
    booklet: &'a BookletView,
    index: usize,
    text_link: Link,
) -> GoalPage<'a> {
    let goal = &booklet.goals[index];
    let heading = messages::web_goal_name(goal.no, &goal.name);
    let link = |g: &SheetView| Link {
        href: sibling(g.no),
        text: messages::web_goal_name(g.no, &g.name),
    };
    let years: Vec<String> = match &goal.year {
        Some(one) => [&one.previous_year, &one.year]
            .into_iter()
            .filter(|y| !y.is_empty())
            .cloned()
            .collect(),
        None => goal.rows.iter().map(|r| r.year.clone()).collect(),
    };
    let (colgroups, header) = header(&booklet.frame);
    let columns = column_names(&booklet.frame);
    GoalPage {
        title: messages::web_title(&[&heading, &site.heading, site.plan_title]),
        root: "../",
        code: goal
            .code
            .iter()
            .filter(|part| !part.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
        years_heading: messages::web_years_heading(&booklet.frame.year_label),
        years_caption: messages::web_years_caption(
            goal.no,
            &booklet.frame.year_label,
            &span(&years),
        ),
        colgroups,
        header,
        columns,
        indicators_caption: booklet
            .frame
            .indicators
            .as_ref()
            .map(|f| messages::web_indicators_caption(goal.no, &f.label))
            .unwrap_or_default(),
        previous: index.checked_sub(1).map(|i| link(&booklet.goals[i])),
        next: booklet.goals.get(index + 1).map(link),
        text_link,
        heading,
        goal,
        site,
    }
}
