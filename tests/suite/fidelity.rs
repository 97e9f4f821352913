//! Fidelity: every cell of the dataset under `data/` against the seed.
//!
//! The seed (`tests/fixtures/fidelity/seed.txt`, a verbatim copy of the text extraction
//! the dataset was transcribed from) is parsed into its 29 goal sections; the
//! extraction damage is stripped (HTML tags, tables printed twice, evaluation
//! letters fused with the remark, a cell's text spilled into its neighbour,
//! spaced labels); the glyph corrections listed in `tests/fixtures/fidelity/CORRECTIONS.md` are
//! applied; then, for every goal, every goal-level block and every year, the
//! seed's text is compared with the dataset's text as the sheet prints it
//! (NFKC-normalised, whitespace-insensitive), and every evaluation letter,
//! plan code and 新規 mark is compared too. Every mismatch is collected and
//! the test fails with the whole list.
//!
//! Nothing here knows what a cell should say: the expected text comes from
//! the seed only. Where the seed's layout needs a rule, the rule is general
//! and says which goal made it necessary.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;
use welfare_sheets::data::model::{Block, Goal, RichText, TaggedBlock};

use crate::common::{programmes, schedule};

/// The row labels of the yearly table, in order.
const YEAR_LABELS: [&str; 5] = ["28", "29", "30", "R1", "R2"];
/// How many goals the seed holds.
const GOAL_COUNT: usize = 29;

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// The text with every whitespace character removed.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The comparison form: NFKC, then no whitespace at all.
fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// HTML tags (`<p>`, `</p>`, `<ul style=…>`, `<table>`, `<td>`, …) replaced by
/// a space, their text kept. A `<` not followed by a letter or `/` is text.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_tag = c == '<'
            && s[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/')
            && s[i..].contains('>');
        if starts_tag {
            for (_, d) in chars.by_ref() {
                if d == '>' {
                    break;
                }
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The compact text of the first `<table>…` in `cell` (tags stripped, cells
/// run together row by row), or `None` when the cell has no table.
fn table_text(cell: &str) -> Option<String> {
    cell.find("<table")
        .map(|at| compact(&strip_tags(&cell[at..])))
}

/// Where the next `<td>` or `<th>` (not `<thead>`) opens in `s`.
fn next_cell_open(s: &str) -> Option<usize> {
    ["<td>", "<td ", "<th>", "<th "]
        .iter()
        .filter_map(|tag| s.find(tag))
        .min()
}

/// The rows of an HTML table, each a list of its `<td>`/`<th>` texts.
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for chunk in html.split("</tr>") {
        let Some(tr) = chunk.find("<tr") else {
            continue;
        };
        let mut row = Vec::new();
        let mut rest = &chunk[tr..];
        while let Some(open) = next_cell_open(rest) {
            let after_open = &rest[open..];
            let Some(gt) = after_open.find('>') else {
                break;
            };
            let body = &after_open[gt + 1..];
            let end = body.find("</t").unwrap_or(body.len());
            row.push(strip_tags(&body[..end]).trim().to_owned());
            rest = &body[end..];
        }
        rows.push(row);
    }
    rows
}

/// Whether the cell is nothing but a (spaced, shuffled) sheet label: every
/// character from `alphabet`, and at least one from `must` (when given).
fn is_label(cell: &str, alphabet: &str, must: &str) -> bool {
    let c = compact(cell);
    !c.is_empty()
        && c.chars().all(|ch| alphabet.contains(ch))
        && (must.is_empty() || c.chars().any(|ch| must.contains(ch)))
}

/// The letters the broken 方向性・ねらい label is made of (No.29 reads 「ね り」).
const DIRECTION_LABEL: &str = "方向性・ねらりい";
/// The letters of the broken 関係取組・事業 label and of the 市 / 市社協 column
/// labels (No.8 reads 「関 係 組 合 事 業」, No.20 「取組・業界市 事」).
const PROGRAMME_LABEL: &str = "関係取組・事業合界市社協";

/// Splits an evaluation cell: `B` → (B, ""), `C 相談者が…` → (C, "相談者が…").
/// `None` when the cell does not start with a lone letter A–D.
fn split_evaluation(cell: &str) -> Option<(char, String)> {
    let t: String = cell.trim().nfkc().collect();
    let mut chars = t.chars();
    let letter = chars.next()?;
    if !matches!(letter, 'A'..='D') {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((letter, String::new()));
    }
    if rest.starts_with(char::is_whitespace) {
        return Some((letter, rest.trim().to_owned()));
    }
    None
}

/// Drops the flattened copy of an HTML table that the extraction prints right
/// after it: following a cell with a `<table>`, the cells whose text, run
/// together, is exactly the table's text (No.25's 方向性 block, No.28's
/// 内容と成果 tables).
fn drop_flattened_copies(cells: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let cell = cells[i];
        out.push(cell.to_owned());
        i += 1;
        let Some(table) = table_text(cell) else {
            continue;
        };
        if table.is_empty() {
            continue;
        }
        let mut acc = String::new();
        let mut j = i;
        while j < cells.len() && acc.len() < table.len() {
            let next = format!("{acc}{}", compact(cells[j]));
            if !table.starts_with(&next) {
                break;
            }
            acc = next;
            j += 1;
        }
        if acc == table {
            i = j;
        }
    }
    out
}

/// Removes the extraction's spill of a cell's whole text into its neighbour
/// (No.14, 30: the 内容と成果 cell ends with the entire 課題 cell again).
/// `left` and `right` are compact; the longer one loses the copy.
fn drop_spill(left: &mut String, right: &mut String) {
    const MIN: usize = 20;
    if right.chars().count() >= MIN && left.len() > right.len() && left.ends_with(right.as_str()) {
        let keep = left.len() - right.len();
        left.truncate(keep);
    } else if left.chars().count() >= MIN
        && right.len() > left.len()
        && right.starts_with(left.as_str())
    {
        *right = right[left.len()..].to_owned();
    }
}

// ---------------------------------------------------------------------------
// The seed parser
// ---------------------------------------------------------------------------

#[derive(Debug, Default, Clone, PartialEq)]
struct SeedYear {
    label: String,
    activities: String,
    results: String,
    challenges: String,
    evaluation: Option<char>,
    remarks: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct SeedGoal {
    no: u32,
    /// The three cells of 実施目標計画CD as printed, `None` when the header is lost.
    plan_code: Option<String>,
    content: String,
    target: String,
    notes: String,
    /// 新規 printed in the 年次計画 strip (or beside it, right of 特記事項).
    new_mark: bool,
    direction: String,
    /// 関係取組・事業, 市 side: programme names with their 〔sections〕.
    city: String,
    /// 関係取組・事業, 市社協 side.
    council: String,
    years: Vec<SeedYear>,
}

#[derive(Debug)]
enum Mode {
    Start,
    /// Collecting the header lines (CD, No.) after the sheet title.
    Header(String),
    /// Inside the 実施目標計画 block (内容, 目標, 年次計画, 特記事項).
    Plan,
    /// Between 特記事項 and the yearly table: 方向性・ねらい, 関係取組・事業.
    GoalLevel(Vec<String>),
    /// The yearly table's header lines.
    TableHeader,
    /// The yearly table's rows.
    Years,
}

fn first_nonempty(cells: &[&str]) -> Option<usize> {
    cells.iter().position(|c| !c.trim().is_empty())
}

fn is_year_row(line: &str) -> Option<&'static str> {
    YEAR_LABELS
        .iter()
        .copied()
        .find(|y| line.strip_prefix(y).is_some_and(|r| r.starts_with('\t')))
}

/// Reads `実施目標計画CD I 1 (1) 実施目標 No. 1 資料 8` (the header lines joined).
fn parse_header(header: &str) -> Result<(String, u32), String> {
    let tokens: Vec<&str> = header.split_whitespace().collect();
    let cd = tokens
        .iter()
        .position(|t| t.ends_with("CD"))
        .ok_or_else(|| format!("no 実施目標計画CD in header {header:?}"))?;
    let mut code = Vec::new();
    let mut i = cd + 1;
    while i < tokens.len() && !tokens[i].starts_with("実施目標") {
        code.push(tokens[i]);
        i += 1;
    }
    // 実施目標 No. N
    let no_at = tokens[i..]
        .iter()
        .position(|t| t.ends_with("No."))
        .map(|p| p + i)
        .ok_or_else(|| format!("no 実施目標 No. in header {header:?}"))?;
    let no = tokens
        .get(no_at + 1)
        .and_then(|t| t.parse::<u32>().ok())
        .ok_or_else(|| format!("no goal number in header {header:?}"))?;
    Ok((code.join(" "), no))
}

/// The goal-level block between 特記事項 and the yearly table.
fn parse_goal_level(goal: &mut SeedGoal, region: &[String]) -> Result<(), String> {
    let lines: Vec<&str> = region
        .iter()
        .map(String::as_str)
        .filter(|l| !l.trim().is_empty())
        .collect();
    // First expand HTML tables into plain tab-separated lines, dropping the
    // flattened copies printed beside and after them (No.25).
    let mut plain: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if !line.contains("<table") {
            plain.push(line.to_owned());
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let kept: Vec<String> = drop_flattened_copies(&cells)
            .into_iter()
            .filter(|c| !c.trim().is_empty())
            .collect();
        if kept.len() != 1 {
            return Err(format!(
                "No.{}: text beside the HTML table of the 方向性 block: {kept:?}",
                goal.no
            ));
        }
        let html = &kept[0];
        let table = table_text(html).unwrap_or_default();
        let mut acc = String::new();
        while i < lines.len() && acc.len() < table.len() {
            let next = format!("{acc}{}", compact(lines[i]));
            if !table.starts_with(&next) {
                break;
            }
            acc = next;
            i += 1;
        }
        if acc != table {
            return Err(format!(
                "No.{}: the lines after the 方向性 block's HTML table are not its flattened copy",
                goal.no
            ));
        }
        for row in table_rows(html) {
            plain.push(row.join("\t"));
        }
    }

    #[derive(PartialEq)]
    enum Part {
        None,
        Direction,
        Programmes,
    }
    let mut part = Part::None;
    let mut direction: Vec<String> = Vec::new();
    let mut programmes: Vec<String> = Vec::new();
    for line in &plain {
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(first) = first_nonempty(&cells) else {
            continue;
        };
        if is_label(cells[first], DIRECTION_LABEL, "方") {
            part = Part::Direction;
            direction.extend(cells[first + 1..].iter().map(|c| c.to_string()));
        } else if is_label(cells[first], PROGRAMME_LABEL, "取関係") {
            part = Part::Programmes;
            programmes.extend(cells.iter().map(|c| c.to_string()));
        } else if part == Part::Direction {
            // No.2: the second sentence sits on its own line.
            direction.extend(cells.iter().map(|c| c.to_string()));
        } else if part == Part::Programmes {
            programmes.extend(cells.iter().map(|c| c.to_string()));
        } else {
            return Err(format!(
                "No.{}: unexpected goal-level line {line:?}",
                goal.no
            ));
        }
    }
    goal.direction = direction
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ");

    // The programme cells with the label pieces (関係取組・事業, 市, 市社協, spaced
    // and shuffled) removed from their edges; inside a cell, text between
    // content words stays (No.20 splits 「社 会福祉課」 inside its 〔…〕).
    let mut text = Vec::new();
    for cell in &programmes {
        let mut tokens: Vec<&str> = cell.split_whitespace().collect();
        while tokens
            .first()
            .is_some_and(|t| is_label(t, PROGRAMME_LABEL, ""))
        {
            tokens.remove(0);
        }
        while tokens
            .last()
            .is_some_and(|t| is_label(t, PROGRAMME_LABEL, ""))
        {
            tokens.pop();
        }
        if !tokens.is_empty() {
            text.push(tokens.join(" "));
        }
    }
    let text = text.join(" ");
    // The 市 side ends with its sections' closing bracket; what follows is the
    // 市社協 side. With no sections at all, everything is the 市社協 side (No.2,
    // 11, 16, 18: a programme name beside the 市社協 label).
    let close = ['〕', '】'];
    match text.rfind(close) {
        Some(at) => {
            let end = at + text[at..].chars().next().unwrap().len_utf8();
            goal.city = text[..end].trim().to_owned();
            goal.council = text[end..].trim().to_owned();
        }
        None => {
            goal.city = String::new();
            goal.council = text.trim().to_owned();
        }
    }
    Ok(())
}

/// One row of the yearly table: `28\t取組の内容\t内容と成果\t課題\t評価\t意見等`,
/// with empty cells anywhere (the extraction's column layout varies).
fn parse_year_row(label: &str, line: &str) -> Result<(SeedYear, Option<String>), String> {
    let cells: Vec<&str> = line.split('\t').skip(1).collect();
    let kept = drop_flattened_copies(&cells);
    let table = kept
        .iter()
        .filter_map(|c| table_text(c))
        .collect::<Vec<_>>()
        .concat();
    let nonempty: Vec<&String> = kept.iter().filter(|c| !c.trim().is_empty()).collect();
    let mut year = SeedYear {
        label: label.to_owned(),
        ..SeedYear::default()
    };
    if nonempty.len() > 5 {
        return Err(format!("{label}: {} cells in the row", nonempty.len()));
    }
    let mut texts = nonempty.iter().take(3).map(|c| compact(&strip_tags(c)));
    year.activities = texts.next().unwrap_or_default();
    year.results = texts.next().unwrap_or_default();
    year.challenges = texts.next().unwrap_or_default();
    if let Some(cell) = nonempty.get(3) {
        let (letter, fused) = split_evaluation(cell)
            .ok_or_else(|| format!("{label}: the 評価 cell reads {cell:?}"))?;
        year.evaluation = Some(letter);
        let mut remarks = fused;
        if let Some(more) = nonempty.get(4) {
            remarks.push(' ');
            remarks.push_str(more);
        }
        year.remarks = compact(&strip_tags(&remarks));
    }
    drop_spill(&mut year.activities, &mut year.results);
    drop_spill(&mut year.results, &mut year.challenges);
    Ok((year, (!table.is_empty()).then_some(table)))
}

fn parse_seed(text: &str) -> Result<Vec<SeedGoal>, String> {
    let mut goals: Vec<SeedGoal> = Vec::new();
    let mut mode = Mode::Start;
    // The flattened copy of the last row's table printed on the lines after
    // the row (No.28): what it must add up to, and what was seen so far.
    let mut flat_expected: Option<String> = None;
    let mut flat_seen = String::new();

    fn check_flat(expected: &Option<String>, seen: &mut String, ln: usize) -> Result<(), String> {
        if !seen.is_empty() && expected.as_deref() != Some(seen.as_str()) {
            return Err(format!(
                "line {ln}: lines after a row are not its table's flattened copy"
            ));
        }
        seen.clear();
        Ok(())
    }

    for (index, line) in text.split('\n').enumerate() {
        let ln = index + 1;
        let line = line.trim_end_matches('\r');
        let cells: Vec<&str> = line.split('\t').collect();

        if line.contains("進行管理シート") {
            check_flat(&flat_expected, &mut flat_seen, ln)?;
            if !matches!(mode, Mode::Start | Mode::Years) {
                return Err(format!(
                    "line {ln}: a sheet title before the previous sheet's table"
                ));
            }
            mode = Mode::Header(String::new());
            continue;
        }

        // A row label of the 実施目標計画 block.
        let label = cells.iter().enumerate().find_map(|(i, c)| {
            let c = compact(c);
            ["内容", "目標", "年次計画", "特記事項"]
                .contains(&c.as_str())
                .then_some((c, i))
        });
        let value = |i: usize| cells.get(i + 1).map(|c| c.trim()).unwrap_or("").to_owned();
        let extra = |i: usize| {
            cells
                .iter()
                .skip(i + 2)
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some((name, i)) = &label {
            let i = *i;
            match (name.as_str(), &mode) {
                ("内容", Mode::Header(_) | Mode::Years) => {
                    check_flat(&flat_expected, &mut flat_seen, ln)?;
                    let (plan_code, no) = match &mode {
                        Mode::Header(header) => {
                            let (code, no) =
                                parse_header(header).map_err(|e| format!("line {ln}: {e}"))?;
                            (Some(code), no)
                        }
                        // No.25 lost its title and header in the extraction: its
                        // 実施目標計画 block follows No.24's table directly. It is
                        // the next number, and its CD is unknown.
                        _ => (None, goals.last().map_or(1, |g| g.no + 1)),
                    };
                    if !extra(i).is_empty() {
                        return Err(format!("line {ln}: text right of 内容: {:?}", extra(i)));
                    }
                    goals.push(SeedGoal {
                        no,
                        plan_code,
                        content: value(i),
                        ..SeedGoal::default()
                    });
                    mode = Mode::Plan;
                    continue;
                }
                ("目標", Mode::Plan) => {
                    let goal = goals.last_mut().unwrap();
                    if !extra(i).is_empty() {
                        return Err(format!("line {ln}: text right of 目標: {:?}", extra(i)));
                    }
                    goal.target = value(i);
                    continue;
                }
                ("年次計画", Mode::Plan) => {
                    // The strip prints the years, arrows, phase labels and the
                    // 新規 mark (No.14, 19, 25).
                    let goal = goals.last_mut().unwrap();
                    goal.new_mark |= compact(line).contains("新規");
                    continue;
                }
                ("特記事項", Mode::Plan) => {
                    let goal = goals.last_mut().unwrap();
                    goal.notes = value(i);
                    // The value stands in the cell right after the label (as
                    // for 内容 and 目標, No.10, 12, 28's 新規 text); No.11 prints
                    // 「新 規」 five cells further right, under the 32 column of
                    // the strip above, where No.25 prints the same spaced mark:
                    // that is the strip's 新規 mark.
                    match compact(&extra(i)).as_str() {
                        "" => {}
                        "新規" => goal.new_mark = true,
                        other => {
                            return Err(format!("line {ln}: text right of 特記事項: {other:?}"));
                        }
                    }
                    mode = Mode::GoalLevel(Vec::new());
                    continue;
                }
                _ => {}
            }
        }

        match &mut mode {
            Mode::Start => {
                if !line.trim().is_empty() {
                    return Err(format!("line {ln}: text before the first sheet title"));
                }
            }
            Mode::Header(header) => {
                header.push(' ');
                header.push_str(line);
            }
            Mode::Plan => {
                if !line.trim().is_empty() {
                    return Err(format!(
                        "line {ln}: unexpected line in the 実施目標計画 block"
                    ));
                }
            }
            Mode::GoalLevel(region) => {
                let starts_table =
                    first_nonempty(&cells).is_some_and(|f| compact(cells[f]).starts_with("年度"));
                if starts_table {
                    let region = std::mem::take(region);
                    let goal = goals.last_mut().unwrap();
                    parse_goal_level(goal, &region).map_err(|e| format!("line {ln}: {e}"))?;
                    mode = Mode::TableHeader;
                } else {
                    region.push(line.to_owned());
                }
            }
            Mode::TableHeader | Mode::Years => {
                if let Some(label) = is_year_row(line) {
                    check_flat(&flat_expected, &mut flat_seen, ln)?;
                    let (year, table) =
                        parse_year_row(label, line).map_err(|e| format!("line {ln}: {e}"))?;
                    flat_expected = table;
                    goals.last_mut().unwrap().years.push(year);
                    mode = Mode::Years;
                } else if matches!(mode, Mode::TableHeader) || line.trim().is_empty() {
                    // The table's header lines (年度 / 取組の内容 / 内容と成果 …).
                } else {
                    // No.28: after each row, its table printed once more, flattened.
                    let next = format!("{flat_seen}{}", compact(line));
                    let fits = flat_expected.as_ref().is_some_and(|t| t.starts_with(&next));
                    if !fits {
                        return Err(format!(
                            "line {ln}: unexpected line after a table row: {line:?}"
                        ));
                    }
                    flat_seen = next;
                }
            }
        }
    }
    check_flat(&flat_expected, &mut flat_seen, text.lines().count())?;
    if !matches!(mode, Mode::Years) {
        return Err("the seed ends inside a sheet".to_owned());
    }
    Ok(goals)
}

// ---------------------------------------------------------------------------
// tests/fixtures/fidelity/CORRECTIONS.md
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Correction {
    no: u32,
    /// `None` for a goal-level field.
    year: Option<String>,
    field: String,
    seed: String,
    data: String,
    line: usize,
}

const GOAL_FIELDS: [&str; 6] = [
    "plan_code",
    "content",
    "target",
    "notes",
    "direction",
    "programmes",
];
const YEAR_FIELDS: [&str; 4] = ["activities", "results", "challenges", "remarks"];

/// Splits a markdown table row into its cells (`\|` is a literal bar).
fn table_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells
        .into_iter()
        .map(|c| {
            let c = c.trim();
            let c = c
                .strip_prefix('`')
                .and_then(|c| c.strip_suffix('`'))
                .unwrap_or(c);
            c.to_owned()
        })
        .collect()
}

fn year_label(s: &str) -> Option<Option<String>> {
    let s: String = s.trim().nfkc().collect();
    match s.as_str() {
        "—" | "-" | "–" | "―" | "" => Some(None),
        "28" | "H28" => Some(Some("28".into())),
        "29" | "H29" => Some(Some("29".into())),
        "30" | "H30" => Some(Some("30".into())),
        "R1" | "H31" => Some(Some("R1".into())),
        "R2" | "H32" => Some(Some("R2".into())),
        _ => None,
    }
}

fn parse_corrections(text: &str) -> Result<Vec<Correction>, Vec<String>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let ln = i + 1;
        if !line.trim_start().starts_with('|') {
            continue;
        }
        let cells = table_cells(line);
        // Each table starts with its header row.
        if cells.first().is_some_and(|c| c.starts_with("No")) {
            header_seen = true;
            continue;
        }
        if !header_seen {
            continue;
        }
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue; // the |---|---| line
        }
        if cells.len() != 6 {
            errors.push(format!(
                "CORRECTIONS.md line {ln}: {} columns, expected 6",
                cells.len()
            ));
            continue;
        }
        let Ok(no) = cells[0].trim_start_matches("No.").trim().parse::<u32>() else {
            errors.push(format!(
                "CORRECTIONS.md line {ln}: No. {:?} is not a number",
                cells[0]
            ));
            continue;
        };
        let Some(year) = year_label(&cells[1]) else {
            errors.push(format!(
                "CORRECTIONS.md line {ln}: 年度 {:?} is not 28…R2 or —",
                cells[1]
            ));
            continue;
        };
        let field = cells[2].clone();
        let valid = match &year {
            None => GOAL_FIELDS.contains(&field.as_str()),
            Some(_) => YEAR_FIELDS.contains(&field.as_str()),
        };
        if !valid {
            errors.push(format!(
                "CORRECTIONS.md line {ln}: field {field:?} does not exist {}",
                if year.is_some() {
                    "in a year row"
                } else {
                    "at goal level (年度 —)"
                }
            ));
            continue;
        }
        if norm(&cells[3]).is_empty() {
            errors.push(format!("CORRECTIONS.md line {ln}: empty seed text"));
            continue;
        }
        out.push(Correction {
            no,
            year,
            field,
            seed: cells[3].clone(),
            data: cells[4].clone(),
            line: ln,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------
// The dataset side: a cell as the sheet prints it
// ---------------------------------------------------------------------------

/// The printed text of a cell: paragraphs as written, list items after ・,
/// headings in 【】, table cells row by row.
fn render(text: &RichText) -> String {
    let mut out = String::new();
    for block in text.blocks() {
        match block {
            Block::Paragraph(s) | Block::Tagged(TaggedBlock::Paragraph(s)) => out += &s,
            Block::Tagged(TaggedBlock::List(items)) => {
                for item in items {
                    out.push('・');
                    out += &item;
                    out.push('\n');
                }
            }
            Block::Tagged(TaggedBlock::Heading(h)) => {
                out.push('【');
                out += &h;
                out.push('】');
            }
            Block::Tagged(TaggedBlock::Table(rows)) => {
                for row in rows {
                    out += &row.join(" ");
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// One side of 関係取組・事業 as the sheet prints it: the programmes joined
/// by 、 in one run, or in lines of `per_line` (a line break, which the
/// seed's extraction shows as a space).
fn render_programmes(goal: &Goal, items: &[String]) -> String {
    match programmes(goal).per_line {
        Some(n) => items
            .chunks(n as usize)
            .map(|line| line.join("、"))
            .collect::<Vec<_>>()
            .join("\n"),
        None => items.join("、"),
    }
}

/// The 市 side as the sheet prints it: each programme followed by its
/// sections in 〔…、…〕.
fn render_city(goal: &Goal) -> String {
    let items: Vec<String> = programmes(goal)
        .city
        .iter()
        .map(|p| {
            if p.sections.is_empty() {
                p.name.clone()
            } else {
                format!("{}〔{}〕", p.name, p.sections.join("、"))
            }
        })
        .collect();
    render_programmes(goal, &items)
}

fn render_plan_code(goal: &Goal) -> String {
    let code = &goal.plan_code;
    let mut out = String::new();
    if let Some(b) = code.basic_goal {
        out += b.label();
    }
    if let Some(m) = code.measure {
        out += &m.to_string();
    }
    if let Some(s) = code.sub_measure {
        out += &s.label();
    }
    out
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/// Where the two texts part, with context from both sides; `None` if equal.
fn describe_difference(seed: &str, data: &str) -> Option<String> {
    if seed == data {
        return None;
    }
    let s: Vec<char> = seed.chars().collect();
    let d: Vec<char> = data.chars().collect();
    let at = s.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let excerpt = |v: &[char]| -> String {
        let from = at.saturating_sub(12);
        let to = (at + 30).min(v.len());
        let mut out = String::new();
        if from > 0 {
            out.push('…');
        }
        out.extend(&v[from..at]);
        out.push('⟦');
        out.extend(&v[at..to]);
        if to < v.len() {
            out.push('…');
        }
        out
    };
    Some(format!(
        "differ at char {at} (seed {} chars, data {} chars)\n      seed: {}\n      data: {}",
        s.len(),
        d.len(),
        excerpt(&s),
        excerpt(&d)
    ))
}

#[derive(Default)]
struct Report {
    mismatches: Vec<String>,
    goal_cells: usize,
    year_cells: usize,
    nonempty_cells: usize,
    evaluations: usize,
    letters: usize,
    plan_codes: usize,
    new_marks: usize,
    year_sets: usize,
}

impl Report {
    fn mismatch(&mut self, place: &str, what: String) {
        self.mismatches.push(format!("{place}: {what}"));
    }
}

/// The seed cell with its corrections applied, in comparison form. Marks the
/// corrections it used; a correction whose seed text is not in the cell is
/// reported as stale.
fn corrected(
    seed: &str,
    no: u32,
    year: Option<&str>,
    fields: &[&str],
    corrections: &[Correction],
    used: &mut [bool],
) -> String {
    let mut cell = norm(seed);
    for (k, c) in corrections.iter().enumerate() {
        if c.no == no && c.year.as_deref() == year && fields.contains(&c.field.as_str()) {
            let from = norm(&c.seed);
            if cell.contains(&from) {
                cell = cell.replace(&from, &norm(&c.data));
                used[k] = true;
            }
        }
    }
    cell
}

fn compare_cell(report: &mut Report, place: &str, seed: &str, data: &str) {
    if !seed.is_empty() || !data.is_empty() {
        report.nonempty_cells += 1;
    }
    if let Some(diff) = describe_difference(seed, data) {
        report.mismatch(place, diff);
    }
}

fn compare(seed: &[SeedGoal], data: &[Goal], corrections: &[Correction]) -> Report {
    let mut report = Report::default();
    let mut used = vec![false; corrections.len()];

    if seed.len() != GOAL_COUNT {
        report.mismatch(
            "seed",
            format!("{} goals parsed, expected {GOAL_COUNT}", seed.len()),
        );
    }
    if data.len() != seed.len() {
        report.mismatch(
            "dataset",
            format!("{} goals, the seed has {}", data.len(), seed.len()),
        );
    }
    let seed_nos: BTreeSet<u32> = seed.iter().map(|g| g.no).collect();
    for g in data {
        if !seed_nos.contains(&g.no) {
            report.mismatch(&format!("No.{}", g.no), "goal not in the seed".into());
        }
    }

    for sg in seed {
        let no = sg.no;
        let matching: Vec<&Goal> = data.iter().filter(|g| g.no == no).collect();
        let goal = match matching.as_slice() {
            [] => {
                report.mismatch(&format!("No.{no}"), "goal missing from the dataset".into());
                continue;
            }
            [g] => *g,
            _ => {
                report.mismatch(
                    &format!("No.{no}"),
                    format!("{} goals with this number", matching.len()),
                );
                continue;
            }
        };

        // 実施目標計画CD: the seed's boxes print [II] [3] [(1)] on No.13.
        let seed_code = sg
            .plan_code
            .clone()
            .unwrap_or_default()
            .replace(['[', ']'], " ");
        let seed_code = corrected(&seed_code, no, None, &["plan_code"], corrections, &mut used);
        report.plan_codes += 1;
        if let Some(diff) = describe_difference(&seed_code, &norm(&render_plan_code(goal))) {
            report.mismatch(&format!("No.{no} — plan_code"), diff);
        }

        // 新規 mark beside the 年次計画 strip.
        report.new_marks += 1;
        if sg.new_mark != schedule(goal).new {
            report.mismatch(
                &format!("No.{no} — schedule.new"),
                format!(
                    "seed {} the 新規 mark, data has new: {}",
                    if sg.new_mark {
                        "prints"
                    } else {
                        "does not print"
                    },
                    schedule(goal).new
                ),
            );
        }

        let goal_cells: [(&str, &str, String); 4] = [
            ("content", &sg.content, render(goal.fields.text("content"))),
            ("target", &sg.target, render(goal.fields.text("target"))),
            ("notes", &sg.notes, render(goal.fields.text("notes"))),
            (
                "direction",
                &sg.direction,
                render(goal.fields.text("direction")),
            ),
        ];
        for (field, seed_text, data_text) in goal_cells {
            let s = corrected(seed_text, no, None, &[field], corrections, &mut used);
            report.goal_cells += 1;
            compare_cell(
                &mut report,
                &format!("No.{no} — {field}"),
                &s,
                &norm(&data_text),
            );
        }

        // 関係取組・事業: printed as one run of programmes joined by 、.
        let city = corrected(&sg.city, no, None, &["programmes"], corrections, &mut used);
        let council = corrected(
            &sg.council,
            no,
            None,
            &["programmes"],
            corrections,
            &mut used,
        );
        report.goal_cells += 2;
        compare_cell(
            &mut report,
            &format!("No.{no} — programmes.city (市)"),
            &city,
            &norm(&render_city(goal)),
        );
        compare_cell(
            &mut report,
            &format!("No.{no} — programmes.council (市社協)"),
            &council,
            &norm(&render_programmes(goal, &programmes(goal).council)),
        );

        // The yearly table.
        let data_labels: Vec<String> = goal.years.iter().map(|y| y.year.row_label()).collect();
        let seed_labels: Vec<String> = sg.years.iter().map(|y| y.label.clone()).collect();
        report.year_sets += 1;
        if data_labels != seed_labels {
            report.mismatch(
                &format!("No.{no} — years"),
                format!("seed rows {seed_labels:?}, data rows {data_labels:?}"),
            );
        }
        for sy in &sg.years {
            let label = sy.label.as_str();
            let place = |field: &str| format!("No.{no} {label} — {field}");
            let Some(dy) = goal.years.iter().find(|y| y.year.row_label() == label) else {
                report.mismatch(&place("row"), "year missing from the dataset".into());
                continue;
            };
            let cells: [(&str, &str, &RichText); 4] = [
                ("activities", &sy.activities, dy.fields.text("activities")),
                ("results", &sy.results, dy.fields.text("results")),
                ("challenges", &sy.challenges, dy.fields.text("challenges")),
                ("remarks", &sy.remarks, dy.fields.text("remarks")),
            ];
            for (field, seed_text, data_text) in cells {
                let s = corrected(seed_text, no, Some(label), &[field], corrections, &mut used);
                report.year_cells += 1;
                compare_cell(&mut report, &place(field), &s, &norm(&render(data_text)));
            }
            report.evaluations += 1;
            let seed_letter = sy.evaluation.map(String::from);
            let data_letter = dy
                .fields
                .letter("evaluation")
                .map(|e| e.letter().to_owned());
            if seed_letter.is_some() {
                report.letters += 1;
            }
            if seed_letter != data_letter {
                report.mismatch(
                    &place("evaluation"),
                    format!("seed {seed_letter:?}, data {data_letter:?}"),
                );
            }
        }
    }

    for (c, used) in corrections.iter().zip(used) {
        if !used {
            report.mismatch(
                &format!("CORRECTIONS.md line {}", c.line),
                format!(
                    "stale correction: {:?} is not in the seed cell No.{} {} {}",
                    c.seed,
                    c.no,
                    c.year.as_deref().unwrap_or("—"),
                    c.field
                ),
            );
        }
    }
    report
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

fn crate_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn every_cell_matches_the_seed() {
    let seed_text = std::fs::read_to_string(crate_path("tests/fixtures/fidelity/seed.txt"))
        .expect("tests/fixtures/fidelity/seed.txt");
    let seed = parse_seed(&seed_text).unwrap_or_else(|e| panic!("seed parser: {e}"));

    let corrections_text =
        std::fs::read_to_string(crate_path("tests/fixtures/fidelity/CORRECTIONS.md"))
            .expect("tests/fixtures/fidelity/CORRECTIONS.md");
    let corrections = parse_corrections(&corrections_text).unwrap_or_else(|errors| {
        panic!(
            "tests/fixtures/fidelity/CORRECTIONS.md:\n{}",
            errors.join("\n")
        )
    });

    let dataset = welfare_sheets::load_dataset(&crate_path("data"))
        .unwrap_or_else(|e| panic!("loading data/: {e}"));

    let report = compare(&seed, &dataset.goals, &corrections);
    let cells = report.goal_cells + report.year_cells;
    let summary = format!(
        "compared {cells} cells ({} goal-level: 内容, 目標, 特記事項, 方向性・ねらい, 市, 市社協 \
         × {} goals; {} yearly: 取組の内容, 内容と成果, 課題, 意見等 × {} rows; {} of them non-empty), \
         {} evaluations ({} letters), {} plan codes, {} 新規 marks, {} year sets, {} corrections",
        report.goal_cells,
        seed.len(),
        report.year_cells,
        report.year_cells / 4,
        report.nonempty_cells,
        report.evaluations,
        report.letters,
        report.plan_codes,
        report.new_marks,
        report.year_sets,
        corrections.len(),
    );
    if report.mismatches.is_empty() {
        println!("fidelity: {summary}: all equal");
    } else {
        let mut list = String::new();
        for m in &report.mismatches {
            writeln!(list, "  - {m}").unwrap();
        }
        println!(
            "fidelity: {summary}: {} mismatches",
            report.mismatches.len()
        );
        panic!(
            "fidelity: {summary}: {} mismatches\n{list}",
            report.mismatches.len()
        );
    }
}

// ---------------------------------------------------------------------------
// The parser's own logic, on small inline strings
// ---------------------------------------------------------------------------

#[test]
fn strips_html_tags_keeping_their_text() {
    let cell = r#"<p>一つ目。</p> <ul style="list-style-type: none"> ・甲 ・乙 <p>二つ目。</p>"#;
    assert_eq!(compact(&strip_tags(cell)), "一つ目。・甲・乙二つ目。");
    assert_eq!(compact(&strip_tags("1 < 2 は <p>式</p>")), "1<2は式");
    assert_eq!(
        table_rows(
            "<table> <tr> <th>見出し</th> <td>値 1</td> </tr> <tr> <td>x</td> <td></td> </tr> </table>"
        ),
        vec![
            vec!["見出し".to_owned(), "値 1".to_owned()],
            vec!["x".to_owned(), String::new()]
        ]
    );
}

#[test]
fn splits_fused_evaluation_letters() {
    assert_eq!(split_evaluation("C"), Some(('C', String::new())));
    assert_eq!(split_evaluation(" B "), Some(('B', String::new())));
    assert_eq!(
        split_evaluation("C 相談者が迷う。"),
        Some(('C', "相談者が迷う。".to_owned()))
    );
    assert_eq!(
        split_evaluation("Ｄ　特になし"),
        Some(('D', "特になし".to_owned()))
    );
    assert_eq!(split_evaluation("A型事業所"), None);
    assert_eq!(split_evaluation("E"), None);
    assert_eq!(split_evaluation("特になし"), None);

    let row = "30\t計画。\t成果。\t課題。\tB 意見。\t\t";
    let (year, table) = parse_year_row("30", row).unwrap();
    assert_eq!(year.evaluation, Some('B'));
    assert_eq!(year.remarks, "意見。");
    assert_eq!(year.challenges, "課題。");
    assert!(table.is_none());
}

#[test]
fn drops_duplicated_flattened_tables() {
    let html = "<p>前文。</p> <table> <tr> <td>① 甲</td> <td>1人</td> </tr> <tr> <td>② 乙</td> <td></td> </tr> </table>";
    let cells = [html, "① 甲", "1人", "② 乙", "", "課題。"];
    assert_eq!(
        drop_flattened_copies(&cells),
        vec![html.to_owned(), "".to_owned(), "課題。".to_owned()]
    );
    // A cell that only starts like the table is kept.
    let cells = [html, "① 甲", "別の話"];
    assert_eq!(drop_flattened_copies(&cells).len(), 3);

    // In a year row, then once more on the lines after it.
    let seed = "実施目標計画 進行管理シート\n実施目標計画CD II 1 (2) 実施目標 No. 7\n\
        実施目標計画\t内 容\t内容。\n\t目 標\t目標。\n\t年次計画\t28\t29\n\t特記事項\t\t\t\t新 規\n\
        方 ね 向・らい 性\t方向。\n関 係 取 組\t市\t甲事業 〔乙課、丙課〕\t市 社 協\t丁事業\n\
        年 度\t取組の内容\n28\t計画。\t"
        .to_owned()
        + html
        + "\t① 甲\t1人\t② 乙\t\t課題。\tC\t特になし\n① 甲\t1人\n② 乙\t\n\nR2\t次の計画。\t\t\n";
    let goals = parse_seed(&seed).unwrap();
    assert_eq!(goals.len(), 1);
    let g = &goals[0];
    assert_eq!((g.no, g.plan_code.as_deref()), (7, Some("II 1 (2)")));
    assert_eq!((g.notes.as_str(), g.new_mark), ("", true));
    assert_eq!(g.direction, "方向。");
    assert_eq!(
        (g.city.as_str(), g.council.as_str()),
        ("甲事業 〔乙課、丙課〕", "丁事業")
    );
    assert_eq!(g.years.len(), 2);
    assert_eq!(g.years[0].results, "前文。①甲1人②乙");
    assert_eq!(g.years[0].challenges, "課題。");
    assert_eq!(g.years[0].evaluation, Some('C'));
    assert_eq!(g.years[1].activities, "次の計画。");

    // Lines after a row that are not its table's copy are an error.
    let broken = seed.replace("① 甲\t1人\n② 乙", "① 甲\t2人\n② 乙");
    assert!(parse_seed(&broken).is_err());
}

#[test]
fn drops_a_cell_spilled_into_its_neighbour() {
    let mut results = "成果の文です。課題の文がここから始まり、長く続きます。".to_owned();
    let mut challenges = "課題の文がここから始まり、長く続きます。".to_owned();
    drop_spill(&mut results, &mut challenges);
    assert_eq!(results, "成果の文です。");
    assert_eq!(challenges, "課題の文がここから始まり、長く続きます。");
    // Short coincidences stay.
    let mut a = "会議を開きました。特になし".to_owned();
    let mut b = "特になし".to_owned();
    drop_spill(&mut a, &mut b);
    assert_eq!(a, "会議を開きました。特になし");
}

#[test]
fn reads_corrections_and_renders_cells() {
    let md = "intro | not a table\n\n| No. | 年度 | field | seed text | data text | why |\n|---|---|---|---|---|---|\n\
        | 29 | R1 | results | フードバンクボスト | フードバンクポスト | ボ/ポ |\n\
        | 2 | — | direction | `包摶` | 包摂 | glyph |\n";
    let c = parse_corrections(md).unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].no, c[0].year.as_deref(), c[0].field.as_str()),
        (29, Some("R1"), "results")
    );
    assert_eq!((c[1].year.as_deref(), c[1].seed.as_str()), (None, "包摶"));
    assert!(
        parse_corrections(
            "| No. | 年度 | field | a | b | c |\n| 1 | R1 | direction | x | y | z |\n"
        )
        .is_err()
    );

    let text: RichText = serde_yaml::from_str(
        "- 前文。\n- list: [甲, 乙]\n- heading: 研修会\n- table: [[a, b], [c, '']]\n",
    )
    .unwrap();
    assert_eq!(norm(&render(&text)), "前文。・甲・乙【研修会】abc");
    let dataset = welfare_sheets::data::load::load_dataset_from_str(
        "goal.yaml",
        "plan: { title: t, issuers: [i], packet_label: p, period: { from: H28, to: H32 } }\ngoals:\n  - no: 1\n    content: x\n    target: y\n    programmes:\n      city:\n        - name: 甲事業\n        - name: 乙事業\n          sections: [丙課, 丁課]\n        - name: 戊事業\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        render_city(&dataset.goals[0]),
        "甲事業、乙事業〔丙課、丁課〕、戊事業"
    );
    assert!(
        describe_difference("あいうえお", "あいうXお")
            .unwrap()
            .contains("char 3")
    );
}
