//! Reproducible documents: a stable PDF identifier per document, and dates
//! from the data, else from `SOURCE_DATE_EPOCH`, never from the wall clock,
//! so that two builds of the same input are byte-identical.

use crate::documents::failure::{Cause, Failure, Outcome};
use typst::foundations::Datetime;
use typst_pdf::Timestamp;

use crate::data::Dataset;
use crate::data::date::CalendarDate;
use crate::data::era::FiscalYear;
use crate::messages;
use crate::typeset::render::ExportOptions;

/// The export options of the document `name` (e.g. `booklet`) about fiscal
/// year `year` of `dataset`: its date from the data, its identifier stable
/// across rebuilds.
pub fn export_options(dataset: &Dataset, name: &str, year: FiscalYear) -> Outcome<ExportOptions> {
    Ok(ExportOptions {
        ident: format!("welfare-sheets/{}", document_name(name, year)),
        timestamp: document_timestamp(dataset.plan.issued.get(&year).copied(), year)?,
    })
}

/// What a document is, as its PDF's identifier and its attached source
/// name it: `sheets/2019`, `sheets/[5]/2019`, `booklet/2019`.
pub fn document_name(name: &str, year: FiscalYear) -> String {
    format!("{name}/{}", year.western())
}

/// The 発行日 a document about `year` prints: the data's, else the day
/// `SOURCE_DATE_EPOCH` gives; `None` when neither is known.
pub fn printed_issue_date(dataset: &Dataset, year: FiscalYear) -> Outcome<Option<CalendarDate>> {
    Ok(issue_date(dataset.plan.issued.get(&year).copied())?.and_then(calendar_date))
}

/// The date a document about `year` carries, as a calendar day: the
/// 発行日 the data gives, else `SOURCE_DATE_EPOCH`, else 31 March that ends
/// the fiscal year (see [`document_timestamp`]).
pub fn document_date(dataset: &Dataset, year: FiscalYear) -> Outcome<CalendarDate> {
    stamped_day(dataset.plan.issued.get(&year).copied(), year)
}

fn stamped_day(issued: Option<CalendarDate>, year: FiscalYear) -> Outcome<CalendarDate> {
    Ok(issue_date(issued)?
        .and_then(calendar_date)
        .or_else(|| CalendarDate::new(i32::from(year.western()) + 1, 3, 31))
        .expect("31 March exists"))
}

fn out_of_range() -> Failure {
    Failure::new(Cause::Other(
        messages::source_date_epoch_out_of_range().to_owned(),
    ))
}

/// A date of the data as Typst's date.
pub fn datetime(date: CalendarDate) -> Datetime {
    Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .expect("a CalendarDate exists in the calendar")
}

/// The calendar day of a date and time.
pub fn calendar_date(datetime: Datetime) -> Option<CalendarDate> {
    CalendarDate::new(datetime.year()?, datetime.month()?, datetime.day()?)
}

/// The date a document about `year` carries: the 発行日 the data gives,
/// else `SOURCE_DATE_EPOCH`; `None` when neither is known.
pub fn issue_date(issued: Option<CalendarDate>) -> Outcome<Option<Datetime>> {
    if let Some(date) = issued {
        return Ok(Some(datetime(date)));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().map_err(|_| {
                Failure::new(Cause::Other(messages::source_date_epoch_unreadable(&value)))
            })?;
            Ok(Some(datetime_from_epoch(seconds)?))
        }
        Err(_) => Ok(None),
    }
}

/// The PDF creation date for a document about fiscal year `year`: midnight
/// of the issue date when known, else of the last day of that fiscal year
/// (31 March), so that the date is stable and means something. Only the
/// day counts, because the day is all the attached source records, and
/// `verify` remakes the PDF from that source.
pub fn document_timestamp(issued: Option<CalendarDate>, year: FiscalYear) -> Outcome<Timestamp> {
    let day = stamped_day(issued, year)?;
    Ok(Timestamp::new_utc(datetime(day)))
}

/// Converts seconds since the Unix epoch to a UTC date and time.
pub fn datetime_from_epoch(seconds: i64) -> Outcome<Datetime> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Datetime::from_ymd_hms(
        i32::try_from(year).map_err(|_| out_of_range())?,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .ok_or_else(out_of_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_converts_to_civil_dates() {
        let d = datetime_from_epoch(0).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(1970), Some(1), Some(1))
        );
        // 2020-02-29 12:34:56 UTC
        let d = datetime_from_epoch(1_582_979_696).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(2020), Some(2), Some(29))
        );
        assert_eq!(
            (d.hour(), d.minute(), d.second()),
            (Some(12), Some(34), Some(56))
        );
    }
}
