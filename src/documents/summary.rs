//! The evaluation matrix as text: CSV for a spreadsheet, Markdown for a
//! page, and the goals whose evaluation rose or fell (see
//! [`crate::view::summary`] for what they hold).

use crate::data::model::Evaluation;
use crate::messages;
use crate::view::summary::Summary;

/// The year columns' headings of the matrix: the year alone for a sheet
/// with one graded column (`28`), the column's label before it otherwise
/// (`自己評価 R3`).
fn year_headings(summary: &Summary) -> Vec<String> {
    let several = summary.columns.len() > 1;
    summary
        .columns
        .iter()
        .flat_map(|column| {
            summary.years.iter().map(move |y| {
                if several {
                    format!("{} {}", column.label, y.row_label())
                } else {
                    y.row_label()
                }
            })
        })
        .collect()
}

/// Goal `row`'s letters, column after column, year after year.
fn row_letters(summary: &Summary, row: usize) -> Vec<String> {
    summary
        .columns
        .iter()
        .flat_map(|column| column.cells[row].iter().map(letter))
        .collect()
}

/// CSV (RFC 4180, CRLF line ends as spreadsheets expect): a header
/// `実施目標 No.,内容,28,29,30,R1,R2`, then one row per goal.
pub fn to_csv(summary: &Summary) -> String {
    let mut out = String::new();
    let header: Vec<String> = [
        messages::csv_goal_heading().to_owned(),
        messages::csv_name_heading().to_owned(),
    ]
    .into_iter()
    .chain(year_headings(summary))
    .collect();
    push_csv_record(&mut out, &header);
    for (i, row) in summary.rows.iter().enumerate() {
        let record: Vec<String> = [row.no.to_string(), row.content.clone()]
            .into_iter()
            .chain(row_letters(summary, i))
            .collect();
        push_csv_record(&mut out, &record);
    }
    out
}

/// A Markdown table with the same cells, then the count of each letter
/// per year for each graded column.
pub fn to_markdown(summary: &Summary) -> String {
    let headings = year_headings(summary);
    let mut out = format!("| No. | 内容 | {} |\n", headings.join(" | "));
    out += &format!("|---:|---|{}\n", ":---:|".repeat(headings.len()));
    for (i, row) in summary.rows.iter().enumerate() {
        out += &format!(
            "| {} | {} | {} |\n",
            row.no,
            row.content.replace('|', "\\|"),
            row_letters(summary, i).join(" | ")
        );
    }
    let labels: Vec<String> = summary.years.iter().map(|y| y.row_label()).collect();
    for column in &summary.columns {
        out += &format!("\n| {} | {} |\n", column.label, labels.join(" | "));
        out += &format!("|---|{}\n", "---:|".repeat(labels.len()));
        let counts = column.counts(summary.years.len());
        for (i, grade) in column.scale.grades().iter().enumerate() {
            let cells: Vec<String> = counts.iter().map(|c| c[i].to_string()).collect();
            out += &format!("| {} | {} |\n", grade.letter.letter(), cells.join(" | "));
        }
    }
    out
}

/// The movements against the previous year as CSV:
/// `実施目標 No.,内容,R1,R2,変化`.
pub fn movements_csv(summary: &Summary) -> String {
    let mut out = String::new();
    let (before, now) = summary.last_two_labels();
    push_csv_record(
        &mut out,
        &[
            messages::csv_goal_heading().into(),
            messages::csv_name_heading().into(),
            before,
            now,
            messages::csv_change_heading().into(),
        ],
    );
    for m in summary.movements() {
        push_csv_record(
            &mut out,
            &[
                m.no.to_string(),
                m.content.clone(),
                m.previous.letter().to_owned(),
                m.current.letter().to_owned(),
                m.trend.word().to_owned(),
            ],
        );
    }
    out
}

/// The movements as a Markdown table.
pub fn movements_markdown(summary: &Summary) -> String {
    let (before, now) = summary.last_two_labels();
    let mut out =
        format!("| No. | 内容 | {before} | {now} | 変化 |\n|---:|---|:---:|:---:|:---:|\n");
    for m in summary.movements() {
        out += &format!(
            "| {} | {} | {} | {} | {} |\n",
            m.no,
            m.content.replace('|', "\\|"),
            m.previous.letter(),
            m.current.letter(),
            m.trend.word()
        );
    }
    out
}

fn letter(evaluation: &Option<Evaluation>) -> String {
    evaluation
        .as_ref()
        .map(|e| e.letter().to_owned())
        .unwrap_or_default()
}

fn push_csv_record(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields
        .iter()
        .map(|field| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field.clone()
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_quoting() {
        let mut out = String::new();
        push_csv_record(
            &mut out,
            &["1".into(), "a,b".into(), "say \"hi\"".into(), "B".into()],
        );
        assert_eq!(out, "1,\"a,b\",\"say \"\"hi\"\"\",B\r\n");
    }
}
