//! The evaluation matrix: every goal × every fiscal year, one letter each.

use std::collections::BTreeMap;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::data::model::Evaluation;

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub no: u32,
    /// 内容, on one line.
    pub content: String,
    /// One cell per year of [`Summary::years`].
    pub evaluations: Vec<Option<Evaluation>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub years: Vec<FiscalYear>,
    pub rows: Vec<SummaryRow>,
}

const LETTERS: [Evaluation; 4] = [Evaluation::A, Evaluation::B, Evaluation::C, Evaluation::D];

impl Summary {
    /// The matrix over the plan's years up to `until` (all of them if `None`).
    pub fn new(dataset: &Dataset, until: Option<FiscalYear>) -> Summary {
        let years: Vec<FiscalYear> = dataset
            .plan
            .period
            .years()
            .filter(|y| until.is_none_or(|until| *y <= until))
            .collect();
        let rows = dataset
            .goals
            .iter()
            .map(|goal| SummaryRow {
                no: goal.no,
                content: one_line(&goal.content.plain_text()),
                evaluations: years
                    .iter()
                    .map(|year| {
                        goal.years
                            .iter()
                            .find(|entry| entry.year == *year)
                            .and_then(|entry| entry.evaluation)
                    })
                    .collect(),
            })
            .collect();
        Summary { years, rows }
    }

    /// How many goals got each letter in each year (column of `years`).
    pub fn counts(&self) -> Vec<BTreeMap<Evaluation, usize>> {
        (0..self.years.len())
            .map(|column| {
                let mut counts: BTreeMap<Evaluation, usize> =
                    LETTERS.iter().map(|letter| (*letter, 0)).collect();
                for row in &self.rows {
                    if let Some(letter) = row.evaluations[column] {
                        *counts.entry(letter).or_default() += 1;
                    }
                }
                counts
            })
            .collect()
    }

    /// CSV (RFC 4180, CRLF line ends as spreadsheets expect): a header
    /// `no,内容,28,29,30,R1,R2`, then one row per goal.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = ["no".to_owned(), "内容".to_owned()]
            .into_iter()
            .chain(self.years.iter().map(|y| y.row_label()))
            .collect();
        push_csv_record(&mut out, &header);
        for row in &self.rows {
            let record: Vec<String> = [row.no.to_string(), row.content.clone()]
                .into_iter()
                .chain(row.evaluations.iter().map(letter))
                .collect();
            push_csv_record(&mut out, &record);
        }
        out
    }

    /// A Markdown table with the same cells, then the count of each letter per year.
    pub fn to_markdown(&self) -> String {
        let labels: Vec<String> = self.years.iter().map(|y| y.row_label()).collect();
        let mut out = format!("| No. | 内容 | {} |\n", labels.join(" | "));
        out += &format!("|---:|---|{}\n", ":---:|".repeat(labels.len()));
        for row in &self.rows {
            let cells: Vec<String> = row.evaluations.iter().map(letter).collect();
            out += &format!(
                "| {} | {} | {} |\n",
                row.no,
                row.content.replace('|', "\\|"),
                cells.join(" | ")
            );
        }
        out += &format!("\n| 評価 | {} |\n", labels.join(" | "));
        out += &format!("|---|{}\n", "---:|".repeat(labels.len()));
        let counts = self.counts();
        for letter in LETTERS {
            let cells: Vec<String> = counts.iter().map(|c| c[&letter].to_string()).collect();
            out += &format!("| {} | {} |\n", letter.letter(), cells.join(" | "));
        }
        out
    }
}

fn letter(evaluation: &Option<Evaluation>) -> String {
    evaluation
        .map(|e| e.letter().to_owned())
        .unwrap_or_default()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
