//! Reading a returned form: any of xlsx, xlsm, xls and ods, through the
//! hidden worksheet's records (see [`crate::documents::form::meta`]), with
//! the quirks of the office suites undone (line ends and `_x000D_`,
//! trailing spaces, numbers and dates typed into text cells, formulas).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{
    Data, Ods, OdsError, Range, Reader, Sheets, Xls, XlsError, Xlsx, XlsxError,
    open_workbook_from_rs,
};

use crate::data::sheet::Sheet;
use crate::documents::form::meta::{self, FieldId, Record, kind};
use crate::documents::reproducible::datetime_from_epoch;
use crate::messages;

/// Why a file is not a form that can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A password keeps it closed.
    Encrypted,
    /// Not a spreadsheet, or a damaged one.
    Damaged,
    /// A spreadsheet, but not one welfare-sheets made.
    NotAForm,
    /// A form of another layout version.
    OtherVersion(String),
}

impl Unreadable {
    pub fn message(&self) -> String {
        match self {
            Unreadable::Encrypted => messages::form_encrypted().to_owned(),
            Unreadable::Damaged => messages::form_damaged().to_owned(),
            Unreadable::NotAForm => messages::form_not_a_form().to_owned(),
            Unreadable::OtherVersion(version) => messages::form_other_version(version),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Unreadable::Encrypted => messages::form_encrypted_hint(),
            Unreadable::Damaged => messages::form_damaged_hint(),
            Unreadable::NotAForm | Unreadable::OtherVersion(_) => messages::form_not_a_form_hint(),
        }
    }
}

/// A cell as read: its text in the data's terms, and what was done to read
/// it (a note for the clerk), or why it cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Where it stands: the worksheet and `A1`.
    pub sheet: String,
    pub cell: String,
    pub text: String,
    pub note: Option<String>,
    pub problem: Option<String>,
}

/// One goal of a returned form.
#[derive(Debug, Clone)]
pub struct ReturnedGoal {
    pub no: u32,
    /// The worksheet it is on.
    pub sheet: String,
    /// Each field's fingerprint when the form was made.
    pub hashes: Vec<(FieldId, String)>,
    /// The cells to fill, as returned.
    pub fills: Vec<(FieldId, Cell)>,
    /// Locked cells whose text is not what the form showed.
    pub typed_over: Vec<(FieldId, Cell)>,
    /// Cells written outside the range the form wrote on the goal's sheet.
    pub outside: Vec<Cell>,
}

/// A returned form.
#[derive(Debug, Clone)]
pub struct ReturnedForm {
    pub path: PathBuf,
    /// The title of the plan whose dataset made it.
    pub plan: String,
    /// The fiscal year it collects, as its Western year.
    pub year: u16,
    /// The owner it was made for, when the forms were split by owner.
    pub owner: Option<String>,
    /// How the forms were split: `owner`, `goal`, or `remarks` for the
    /// committee's form.
    pub by: String,
    pub goals: Vec<ReturnedGoal>,
}

impl ReturnedForm {
    /// Whether this is the committee's form.
    pub fn is_remarks(&self) -> bool {
        self.by == crate::documents::form::REMARKS_BY
    }
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens a workbook from its bytes, choosing the reader by what the bytes
/// are rather than by the file's name (a re-saved form may be misnamed),
/// so that a password-protected one is told as such: an encrypted xlsx is
/// an OLE2 file, like an xls.
fn open(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>, Unreadable> {
    let cursor = || Cursor::new(bytes);
    if bytes.starts_with(b"PK\x03\x04") {
        // An OpenDocument file starts with an uncompressed `mimetype` entry.
        if bytes.get(30..38) == Some(b"mimetype") {
            return open_workbook_from_rs::<Ods<_>, _>(cursor())
                .map(Sheets::Ods)
                .map_err(|err| match err {
                    OdsError::Password => Unreadable::Encrypted,
                    _ => Unreadable::Damaged,
                });
        }
        return open_workbook_from_rs::<Xlsx<_>, _>(cursor())
            .map(Sheets::Xlsx)
            .map_err(|err| match err {
                XlsxError::Password => Unreadable::Encrypted,
                _ => Unreadable::Damaged,
            });
    }
    if bytes.starts_with(CFB_MAGIC) {
        if let Err(XlsxError::Password) = open_workbook_from_rs::<Xlsx<_>, _>(cursor()) {
            return Err(Unreadable::Encrypted);
        }
        return open_workbook_from_rs::<Xls<_>, _>(cursor())
            .map(Sheets::Xls)
            .map_err(|err| match err {
                XlsError::Password => Unreadable::Encrypted,
                _ => Unreadable::Damaged,
            });
    }
    Err(Unreadable::Damaged)
}

/// A cell's value as the text a record holds: records are written as text,
/// but a re-save may turn `5` into a number.
fn record_text(data: &Data) -> String {
    match data {
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

/// The records of the hidden worksheet.
fn records(book: &mut Sheets<Cursor<&[u8]>>) -> Result<Vec<Record>, Unreadable> {
    if !book.sheet_names().iter().any(|name| name == meta::SHEET) {
        return Err(Unreadable::NotAForm);
    }
    let range = book
        .worksheet_range(meta::SHEET)
        .map_err(|_| Unreadable::Damaged)?;
    let rows = range.rows().map(|row| {
        let column = |i: usize| row.get(i).map(record_text).unwrap_or_default();
        Record {
            kind: column(0),
            goal: column(1),
            field: column(2),
            cell: column(3),
            value: column(4),
        }
    });
    Ok(rows.collect())
}

/// An Excel date serial (days since 1899-12-30) as a date in prose.
fn date_prose(serial: f64) -> Option<String> {
    let seconds = ((serial - 25_569.0) * 86_400.0).round() as i64;
    let date = datetime_from_epoch(seconds).ok()?;
    Some(messages::typed_date(
        date.year()?,
        date.month()?,
        date.day()?,
    ))
}

/// A text cell's text with the suites' quirks undone: `_x000D_` (Excel's
/// escape for a carriage return) and CR/LF become line breaks, spaces at
/// line ends and empty lines at either end go.
fn clean(text: &str) -> String {
    let text = text
        .replace("_x000D_\n", "\n")
        .replace("_x000D_", "\n")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_end_matches([' ', '\u{3000}']))
        .collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Reads the cell at `name` of `sheet`.
fn read_cell(
    values: &Range<Data>,
    formulas: Option<&Range<String>>,
    sheet: &str,
    name: &str,
) -> Cell {
    let mut cell = Cell {
        sheet: sheet.to_owned(),
        cell: name.to_owned(),
        text: String::new(),
        note: None,
        problem: None,
    };
    let Some(position) = meta::parse_cell(name) else {
        cell.problem = Some(messages::form_damaged().to_owned());
        return cell;
    };
    let value = values.get_value(position).cloned().unwrap_or(Data::Empty);
    let formula = formulas
        .and_then(|f| f.get_value(position))
        .filter(|f| !f.is_empty());
    match value {
        Data::Empty if formula.is_some() => {
            cell.problem = Some(messages::formula_without_value().to_owned());
        }
        Data::Empty => {}
        Data::String(text) => cell.text = clean(&text),
        Data::Int(n) => cell.text = n.to_string(),
        Data::Float(f) => {
            cell.text = if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => cell.text = if b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(date) => match date_prose(date.as_f64()) {
            Some(prose) => {
                cell.note = Some(messages::read_as_date(&prose));
                cell.text = prose;
            }
            None => cell.problem = Some(messages::cell_unreadable().to_owned()),
        },
        Data::DateTimeIso(iso) => {
            let parts: Vec<i32> = iso
                .get(..10)
                .unwrap_or_default()
                .split('-')
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts.as_slice() {
                [y, m, d] => {
                    let prose = messages::typed_date(*y, *m as u8, *d as u8);
                    cell.note = Some(messages::read_as_date(&prose));
                    cell.text = prose;
                }
                _ => cell.text = iso,
            }
        }
        Data::DurationIso(text) => cell.text = text,
        Data::Error(_) => cell.problem = Some(messages::cell_is_error().to_owned()),
    }
    cell
}

/// The non-empty cells of `values` outside the range `used` (`A1:F20`).
fn outside(values: &Range<Data>, sheet: &str, used: &str) -> Vec<Cell> {
    let Some((_, end)) = used.split_once(':') else {
        return Vec::new();
    };
    let Some((last_row, last_column)) = meta::parse_cell(end) else {
        return Vec::new();
    };
    let (top, left) = values.start().unwrap_or((0, 0));
    let mut found = Vec::new();
    for (r, row) in values.rows().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (row, column) = (top + r as u32, left + c as u32);
            let inside = row <= last_row && column <= last_column;
            let empty = matches!(value, Data::Empty)
                || matches!(value, Data::String(text) if text.trim().is_empty());
            if !inside && !empty {
                let name = meta::cell_name(row, column as u16);
                found.push(read_cell(values, None, sheet, &name));
            }
        }
    }
    found
}

/// Reads the form at `path` from `bytes`, its fields named by `sheet`.
pub fn read_form(path: &Path, bytes: &[u8], sheet: &Sheet) -> Result<ReturnedForm, Unreadable> {
    let mut book = open(bytes)?;
    let records = records(&mut book)?;
    let find = |k: &str| records.iter().find(|r| r.kind == k);
    match find(kind::FORMAT) {
        Some(record) if record.value == meta::FORMAT && record.field == meta::VERSION => {}
        Some(record) if record.value == meta::FORMAT => {
            return Err(Unreadable::OtherVersion(record.field.clone()));
        }
        _ => return Err(Unreadable::NotAForm),
    }
    let year = find(kind::YEAR)
        .and_then(|r| r.value.parse().ok())
        .ok_or(Unreadable::NotAForm)?;
    let mut form = ReturnedForm {
        path: path.to_owned(),
        plan: find(kind::PLAN)
            .map(|r| r.value.clone())
            .unwrap_or_default(),
        year,
        owner: find(kind::OWNER).map(|r| r.value.clone()),
        by: find(kind::BY).map(|r| r.value.clone()).unwrap_or_default(),
        goals: Vec::new(),
    };
    for goal in records.iter().filter(|r| r.kind == kind::GOAL) {
        let no: u32 = goal.goal.parse().map_err(|_| Unreadable::NotAForm)?;
        let sheet_name = goal.value.clone();
        let values = book
            .worksheet_range(&sheet_name)
            .map_err(|_| Unreadable::NotAForm)?;
        let formulas = book.worksheet_formula(&sheet_name).ok();
        let used = records
            .iter()
            .find(|r| r.kind == kind::USED && r.value == sheet_name)
            .map(|r| r.cell.clone());
        let mut returned = ReturnedGoal {
            no,
            sheet: sheet_name.clone(),
            hashes: Vec::new(),
            fills: Vec::new(),
            typed_over: Vec::new(),
            // One worksheet may hold every goal (the committee's): what is
            // outside it is told once, with its first goal.
            outside: match used {
                Some(used) if !form.goals.iter().any(|g| g.sheet == sheet_name) => {
                    outside(&values, &sheet_name, &used)
                }
                _ => Vec::new(),
            },
        };
        for record in records.iter().filter(|r| r.goal == goal.goal) {
            let Some(field) = FieldId::parse(&record.field, sheet) else {
                continue;
            };
            match record.kind.as_str() {
                kind::HASH => returned.hashes.push((field, record.value.clone())),
                kind::FILL => {
                    let cell = read_cell(&values, formulas.as_ref(), &sheet_name, &record.cell);
                    returned.fills.push((field, cell));
                }
                kind::SHOWN => {
                    let cell = read_cell(&values, None, &sheet_name, &record.cell);
                    if meta::shown_fingerprint(&cell.text) != record.value {
                        returned.typed_over.push((field, cell));
                    }
                }
                _ => {}
            }
        }
        form.goals.push(returned);
    }
    if form.goals.is_empty() {
        return Err(Unreadable::NotAForm);
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suites_quirks_are_undone() {
        assert_eq!(
            clean("一行目_x000D_\n二行目  \r\n三行目　\n\n"),
            "一行目\n二行目\n三行目"
        );
        assert_eq!(clean("\n\n  \n"), "");
        assert_eq!(clean("  字下げ"), "  字下げ");
        assert_eq!(date_prose(44_027.0).as_deref(), Some("2020年7月15日"));
    }

    #[test]
    fn bytes_that_are_no_spreadsheet_are_damaged() {
        assert_eq!(open(b"hello").err(), Some(Unreadable::Damaged));
        assert_eq!(
            open(b"PK\x03\x04truncated").err(),
            Some(Unreadable::Damaged)
        );
    }
}
