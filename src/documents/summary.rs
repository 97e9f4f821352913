//! The evaluation matrix: every goal × every fiscal year, one letter each;
//! the count of each letter of the plan's scale per year; and the goals whose
//! evaluation rose or fell against the previous year.

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::data::model::Evaluation;
use crate::data::scale::{Scale, Trend};

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub no: u32,
    /// 内容, on one line.
    pub content: String,
    /// One cell per year of [`Summary::years`].
    pub evaluations: Vec<Option<Evaluation>>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub years: Vec<FiscalYear>,
    pub rows: Vec<SummaryRow>,
    /// The plan's scale: the letters counted, in order.
    pub scale: Scale,
}

/// A goal whose evaluation moved against the previous year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub no: u32,
    pub content: String,
    pub previous: Evaluation,
    pub current: Evaluation,
    pub trend: Trend,
}

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
                            .and_then(|entry| entry.evaluation.clone())
                    })
                    .collect(),
            })
            .collect();
        Summary {
            years,
            rows,
            scale: Scale::of(&dataset.plan),
        }
    }

    /// How many goals got each letter of the scale (in its order) in each
    /// year (column of `years`).
    pub fn counts(&self) -> Vec<Vec<usize>> {
        (0..self.years.len())
            .map(|column| {
                self.scale
                    .grades()
                    .iter()
                    .map(|grade| {
                        self.rows
                            .iter()
                            .filter(|row| row.evaluations[column].as_ref() == Some(&grade.letter))
                            .count()
                    })
                    .collect()
            })
            .collect()
    }

    /// The goals whose (ranked) evaluation in the last year of the matrix
    /// rose or fell against the year before; empty with fewer than two years.
    pub fn movements(&self) -> Vec<Movement> {
        let Some(last) = self.years.len().checked_sub(1).filter(|l| *l > 0) else {
            return Vec::new();
        };
        self.rows
            .iter()
            .filter_map(|row| {
                let previous = row.evaluations[last - 1].as_ref()?;
                let current = row.evaluations[last].as_ref()?;
                let trend = self.scale.trend(Some(previous), Some(current))?;
                (trend != Trend::Same).then(|| Movement {
                    no: row.no,
                    content: row.content.clone(),
                    previous: previous.clone(),
                    current: current.clone(),
                    trend,
                })
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
        for (i, grade) in self.scale.grades().iter().enumerate() {
            let cells: Vec<String> = counts.iter().map(|c| c[i].to_string()).collect();
            out += &format!("| {} | {} |\n", grade.letter.letter(), cells.join(" | "));
        }
        out
    }

    /// The movements against the previous year as CSV:
    /// `no,内容,前年度,今年度,変化`.
    pub fn movements_csv(&self) -> String {
        let mut out = String::new();
        let (before, now) = self.last_two_labels();
        push_csv_record(
            &mut out,
            &["no".into(), "内容".into(), before, now, "変化".into()],
        );
        for m in self.movements() {
            push_csv_record(
                &mut out,
                &[
                    m.no.to_string(),
                    m.content.clone(),
                    m.previous.letter().to_owned(),
                    m.current.letter().to_owned(),
                    trend_word(m.trend).to_owned(),
                ],
            );
        }
        out
    }

    /// The movements as a Markdown table.
    pub fn movements_markdown(&self) -> String {
        let (before, now) = self.last_two_labels();
        let mut out =
            format!("| No. | 内容 | {before} | {now} | 変化 |\n|---:|---|:---:|:---:|:---:|\n");
        for m in self.movements() {
            out += &format!(
                "| {} | {} | {} | {} | {} |\n",
                m.no,
                m.content.replace('|', "\\|"),
                m.previous.letter(),
                m.current.letter(),
                trend_word(m.trend)
            );
        }
        out
    }

    fn last_two_labels(&self) -> (String, String) {
        let label = |i: Option<usize>| {
            i.and_then(|i| self.years.get(i))
                .map(|y| y.row_label())
                .unwrap_or_default()
        };
        let last = self.years.len().checked_sub(1);
        (label(last.and_then(|l| l.checked_sub(1))), label(last))
    }
}

fn letter(evaluation: &Option<Evaluation>) -> String {
    evaluation
        .as_ref()
        .map(|e| e.letter().to_owned())
        .unwrap_or_default()
}

/// How a movement is printed: 上昇, 維持, 低下.
pub fn trend_word(trend: Trend) -> &'static str {
    match trend {
        Trend::Up => "上昇",
        Trend::Same => "維持",
        Trend::Down => "低下",
    }
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
