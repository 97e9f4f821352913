//! The evaluation matrix as text: CSV for a spreadsheet, Markdown for a
//! page, and the goals whose evaluation rose or fell (see
//! [`crate::view::summary`] for what they hold).

use crate::data::Dataset;
use crate::data::derive;
use crate::data::era::FiscalYear;
use crate::data::model::{Evaluation, format_number};
use crate::messages;
use crate::view::summary::Summary;

/// The labels of the matrix's columns: its graded columns, then its
/// numbers, rates and choices.
fn labels(summary: &Summary) -> Vec<&str> {
    summary
        .columns
        .iter()
        .map(|c| c.label.as_str())
        .chain(summary.values.iter().map(|c| c.label.as_str()))
        .collect()
}

/// The year columns' headings of the matrix: the year alone for a sheet
/// with one graded column and nothing else (`28`), the column's label
/// before it otherwise (`自己評価 R3`).
fn year_headings(summary: &Summary) -> Vec<String> {
    let labels = labels(summary);
    let several = labels.len() > 1;
    labels
        .into_iter()
        .flat_map(|label| {
            summary.years.iter().map(move |y| {
                if several {
                    format!("{label} {}", y.row_label())
                } else {
                    y.row_label()
                }
            })
        })
        .collect()
}

/// Goal `row`'s cells, column after column, year after year.
fn row_letters(summary: &Summary, row: usize) -> Vec<String> {
    summary
        .columns
        .iter()
        .flat_map(|column| column.cells[row].iter().map(letter))
        .chain(
            summary
                .values
                .iter()
                .flat_map(|column| column.cells[row].iter().cloned()),
        )
        .collect()
}

/// CSV (RFC 4180, CRLF line ends as spreadsheets expect): a header
/// `実施目標 No.,内容,28,29,30,R1,R2`, then one row per goal.
pub fn to_csv(summary: &Summary) -> String {
    let mut out = String::new();
    let header: Vec<String> = [
        messages::csv_goal_heading().to_owned(),
        summary.name_label.clone(),
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
    let mut out = format!(
        "| No. | {} | {} |\n",
        summary.name_label,
        headings.join(" | ")
    );
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
            summary.name_label.clone(),
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
    let mut out = format!(
        "| No. | {} | {before} | {now} | 変化 |\n|---:|---|:---:|:---:|:---:|\n",
        summary.name_label
    );
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

/// Every goal's indicators as CSV: a row per indicator with its unit,
/// baseline, and for each year of the plan its target, actual value, rate
/// and grade, as the sheets print them.
pub fn indicators_csv(dataset: &Dataset) -> String {
    let mut out = String::new();
    let Some(declared) = &dataset.sheet().indicators else {
        return out;
    };
    let years: Vec<FiscalYear> = dataset.plan.period.years().collect();
    let mut header: Vec<String> = [
        messages::csv_goal_heading(),
        messages::indicator_name_heading(),
        messages::indicator_unit_heading(),
        messages::indicator_baseline_heading(),
        messages::indicator_baseline_year_heading(),
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    for year in &years {
        let y = year.row_label();
        header.push(format!("{} {y}", messages::indicator_target_heading()));
        header.push(format!("{} {y}", messages::indicator_actual_heading()));
        if let Some(rate) = &declared.rate {
            header.push(format!("{rate} {y}"));
        }
        if let Some(grade) = &declared.grade {
            header.push(format!("{} {y}", grade.label));
        }
    }
    push_csv_record(&mut out, &header);
    for goal in &dataset.goals {
        for indicator in &goal.indicators {
            let mut record = vec![
                goal.no.to_string(),
                indicator.name.clone(),
                indicator.unit.clone().unwrap_or_default(),
                indicator
                    .baseline
                    .as_ref()
                    .map(|b| b.value.display(None))
                    .unwrap_or_default(),
                indicator
                    .baseline
                    .as_ref()
                    .map(|b| b.year.row_label())
                    .unwrap_or_default(),
            ];
            for year in &years {
                record.push(
                    indicator
                        .target
                        .get(year)
                        .map(|n| n.display(None))
                        .unwrap_or_default(),
                );
                record.push(
                    indicator
                        .actual
                        .get(year)
                        .map(|n| n.display(None))
                        .unwrap_or_default(),
                );
                if declared.rate.is_some() {
                    record.push(
                        derive::indicator_rate(indicator, *year)
                            .map(|r| {
                                format!("{}%", format_number(r, declared.decimals.unwrap_or(1)))
                            })
                            .unwrap_or_default(),
                    );
                }
                if let Some(grade) = &declared.grade {
                    record.push(
                        derive::indicator_grade(indicator, *year, &grade.rule)
                            .map(|g| {
                                let mark = if g.changed.is_some() { "※" } else { "" };
                                format!("{}{mark}", g.letter.letter())
                            })
                            .unwrap_or_default(),
                    );
                }
            }
            push_csv_record(&mut out, &record);
        }
    }
    out
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
