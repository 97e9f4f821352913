//! The hidden worksheet of a form: what the form is, for which plan, year
//! and goals, where each cell to fill stands, and a fingerprint of every
//! field of each goal as it was when the form was made. `import` reads the
//! form through these records only, never by guessing positions.
//!
//! The sheet is a table of five text columns, one record a row:
//! `kind | goal | field | cell | value`.

use serde::Serialize;

use crate::data::Labels;
use crate::data::cell_text;
use crate::data::era::FiscalYear;
use crate::data::model::{Goal, Value};
use crate::data::sheet::{Kind, Sheet};
use crate::messages;

/// The name of the hidden worksheet.
pub const SHEET: &str = "_welfare_sheets";

/// What the first record says: a welfare-sheets form, of this layout.
pub const FORMAT: &str = "welfare-sheets-form";

/// The layout version: a form of another version is refused, not guessed.
/// Version 2 names fields by the sheet's keys, fingerprints only what it
/// asks for, and records the range it wrote.
pub const VERSION: &str = "2";

/// One row of the hidden sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub kind: String,
    pub goal: String,
    pub field: String,
    pub cell: String,
    pub value: String,
}

impl Record {
    pub fn new(kind: &str, goal: &str, field: &str, cell: &str, value: &str) -> Record {
        Record {
            kind: kind.to_owned(),
            goal: goal.to_owned(),
            field: field.to_owned(),
            cell: cell.to_owned(),
            value: value.to_owned(),
        }
    }

    pub fn columns(&self) -> [&str; 5] {
        [&self.kind, &self.goal, &self.field, &self.cell, &self.value]
    }
}

/// The kinds of record.
pub mod kind {
    /// `value`: [`super::FORMAT`]; `field`: [`super::VERSION`].
    pub const FORMAT: &str = "format";
    /// `value`: the plan's title, so a form from another dataset is known.
    pub const PLAN: &str = "plan";
    /// `value`: the fiscal year the form collects, as its Western year.
    pub const YEAR: &str = "year";
    /// `value`: `owner`, `goal` or `remarks`, how the forms were split (the
    /// committee's form is `remarks`).
    pub const BY: &str = "by";
    /// `value`: the section the form was made for (when split by owner).
    pub const OWNER: &str = "owner";
    /// A goal of the form: `goal` its number, `value` its worksheet.
    pub const GOAL: &str = "goal";
    /// A cell to fill: `goal`, `field` (a [`super::FieldId`]), `cell` (A1).
    pub const FILL: &str = "fill";
    /// A locked cell showing the data: `goal`, `field`, `cell`, and the
    /// [`super::shown_fingerprint`] of what it shows.
    pub const SHOWN: &str = "shown";
    /// `goal`, `field` and the fingerprint of that field when the form was
    /// made.
    pub const HASH: &str = "hash";
    /// `value`: a worksheet; `cell`: the range (`A1:F20`) the form wrote on
    /// it. Text typed outside it is told, not read.
    pub const USED: &str = "used";
}

/// A field of a goal as the form names it: a goal-level key (`content`), a
/// key of one fiscal year's row (`2020.results`), or an indicator's actual
/// value in a year (`2021.actual[0]`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldId {
    Goal(String),
    Year(FiscalYear, String),
    Actual(FiscalYear, usize),
}

/// The goal-level keys a form fingerprints besides the declared fields.
const FIXED_GOAL_FIELDS: [&str; 2] = ["plan_code", "indicators"];

impl FieldId {
    /// As the hidden sheet writes it.
    pub fn key(&self) -> String {
        match self {
            FieldId::Goal(key) => key.clone(),
            FieldId::Year(year, key) => format!("{}.{key}", year.western()),
            FieldId::Actual(year, index) => format!("{}.actual[{index}]", year.western()),
        }
    }

    /// Reads what [`FieldId::key`] wrote, for a field `sheet` declares.
    pub fn parse(text: &str, sheet: &Sheet) -> Option<FieldId> {
        match text.split_once('.') {
            Some((year, key)) => {
                let year = FiscalYear::from_number(year.parse().ok()?)?;
                if let Some(index) = key
                    .strip_prefix("actual[")
                    .and_then(|k| k.strip_suffix(']'))
                {
                    return Some(FieldId::Actual(year, index.parse().ok()?));
                }
                sheet.column(key)?;
                Some(FieldId::Year(year, key.to_owned()))
            }
            None => (FIXED_GOAL_FIELDS.contains(&text) || sheet.goal_field(text).is_some())
                .then(|| FieldId::Goal(text.to_owned())),
        }
    }

    /// The fiscal year the field belongs to, if any.
    pub fn year(&self) -> Option<FiscalYear> {
        match self {
            FieldId::Goal(_) => None,
            FieldId::Year(year, _) | FieldId::Actual(year, _) => Some(*year),
        }
    }

    /// As the sheet labels it, for messages: `内容と成果（R2）`.
    pub fn label(&self, goal: Option<&Goal>, labels: Labels) -> String {
        match self {
            FieldId::Goal(key) => labels.field(key, true).unwrap_or_else(|| key.clone()),
            FieldId::Year(year, key) => {
                let label = labels
                    .of_key("years[0]", key, true)
                    .unwrap_or_else(|| key.clone());
                format!("{label}（{}）", year.row_label())
            }
            FieldId::Actual(year, index) => {
                let name = goal
                    .and_then(|g| g.indicators.get(*index))
                    .map_or_else(|| format!("{}", index + 1), |i| i.name.clone());
                messages::actual_label(&name, &year.row_label())
            }
        }
    }
}

/// A field's value as text: a text cell by the spreadsheet convention
/// (so that texts that print the same have the same fingerprint), a number
/// or a letter as written, anything else as JSON.
pub fn field_text(goal: &Goal, field: &FieldId) -> String {
    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).expect("the model serialises")
    }
    let value = match field {
        FieldId::Goal(key) if key == "plan_code" => return json(&goal.plan_code),
        FieldId::Goal(key) if key == "indicators" => return json(&goal.indicators),
        FieldId::Goal(key) => goal.fields.get(key),
        FieldId::Year(year, key) => goal.year(*year).and_then(|entry| entry.fields.get(key)),
        FieldId::Actual(year, index) => {
            return goal
                .indicators
                .get(*index)
                .and_then(|i| i.actual.get(year))
                .map(|n| n.display(None))
                .unwrap_or_default();
        }
    };
    match value {
        None => String::new(),
        Some(Value::Text(text)) => cell_text::to_cell(text),
        Some(Value::Letter(letter)) => letter.letter().to_owned(),
        Some(Value::Number(number)) => number.display(None),
        Some(Value::Choice(choice)) => choice.clone(),
        Some(other) => json(other),
    }
}

/// A fingerprint of a field's text: FNV-1a, 64 bits, in hex. It tells a
/// changed field from an unchanged one; it guards against nothing.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The fingerprint of a locked cell's text, blind to white space (line
/// ends, tabs) that another office suite may change on saving: a different
/// fingerprint means the cell was typed over.
pub fn shown_fingerprint(text: &str) -> String {
    fingerprint(
        &text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
    )
}

/// Every field of a goal a form fingerprints: the goal-level ones and each
/// year's row of the plan period (a missing row counts as empty).
pub fn fields(sheet: &Sheet, years: impl Iterator<Item = FiscalYear>) -> Vec<FieldId> {
    let mut fields: Vec<FieldId> = FIXED_GOAL_FIELDS
        .iter()
        .map(|k| (*k).to_owned())
        .chain(
            sheet
                .fields
                .iter()
                .filter(|f| f.kind != Kind::Owners)
                .map(|f| f.key.clone()),
        )
        .map(FieldId::Goal)
        .collect();
    for year in years {
        fields.extend(
            sheet
                .years
                .columns
                .iter()
                .filter(|c| c.kind.is_typed())
                .map(|c| FieldId::Year(year, c.key.clone())),
        );
    }
    fields
}

/// `A1` for a 0-based row and column.
pub fn cell_name(row: u32, column: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(column) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

/// The 0-based row and column of an `A1` (or `$A$1`) cell name.
pub fn parse_cell(name: &str) -> Option<(u32, u32)> {
    let name = name.replace('$', "");
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let column = letters.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    (row >= 1 && (1..=16_384).contains(&column)).then(|| (row - 1, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_go_both_ways() {
        for (row, column, name) in [(0, 0, "A1"), (15, 2, "C16"), (0, 25, "Z1"), (9, 26, "AA10")] {
            assert_eq!(cell_name(row, column), name);
            assert_eq!(parse_cell(name), Some((row, u32::from(column))));
        }
        assert_eq!(parse_cell("$C$16"), Some((15, 2)));
        assert_eq!(parse_cell("16C"), None);
        assert_eq!(parse_cell("C0"), None);
    }

    #[test]
    fn field_ids_go_both_ways() {
        let sheet = Sheet::default_sheet();
        let r2: FiscalYear = "R2".parse().unwrap();
        for id in [
            FieldId::Goal("content".into()),
            FieldId::Year(r2, "evaluation".into()),
            FieldId::Actual(r2, 3),
        ] {
            assert_eq!(FieldId::parse(&id.key(), sheet), Some(id));
        }
        let labels = Labels::new(sheet);
        assert_eq!(
            FieldId::Year(r2, "results".into()).label(None, labels),
            "内容と成果（R2）"
        );
        assert_eq!(FieldId::parse("2020.bogus", sheet), None);
        assert_eq!(FieldId::parse("bogus", sheet), None);
    }
}
