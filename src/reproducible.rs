//! Dates that make builds reproducible: from the data, else from
//! `SOURCE_DATE_EPOCH`, never from the wall clock.

use std::fmt;
use std::str::FromStr;

use anyhow::{Context, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use typst::foundations::Datetime;
use typst_pdf::Timestamp;

use crate::era::FiscalYear;

/// A calendar date written `2020-07-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl CalendarDate {
    /// The calendar day of a date and time.
    pub fn of(datetime: Datetime) -> Option<CalendarDate> {
        Some(CalendarDate {
            year: datetime.year()?,
            month: datetime.month()?,
            day: datetime.day()?,
        })
    }

    pub fn datetime(self) -> Datetime {
        Datetime::from_ymd_hms(self.year, self.month, self.day, 0, 0, 0)
            .expect("checked when parsed")
    }

    /// In Japanese prose with the era: 令和2年7月15日.
    pub fn prose(self) -> String {
        let (era, year) = match (self.year, self.month, self.day) {
            (y, m, d) if (y, m, d) >= (2019, 5, 1) => ("令和", y - 2018),
            (y, m, d) if (y, m, d) >= (1989, 1, 8) => ("平成", y - 1988),
            (y, _, _) => ("昭和", y - 1925),
        };
        let year = if year == 1 {
            "元".to_owned()
        } else {
            year.to_string()
        };
        format!("{era}{year}年{}月{}日", self.month, self.day)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for CalendarDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("\"{s}\" は日付として読めません（2020-07-15 のように書いてください）");
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(err);
        let year = next()?.parse().map_err(|_| err())?;
        let month = next()?.parse().map_err(|_| err())?;
        let day = next()?.parse().map_err(|_| err())?;
        Datetime::from_ymd(year, month, day).ok_or_else(err)?;
        Ok(CalendarDate { year, month, day })
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for CalendarDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "日付",
            "description": "日付。2020-07-15 のように書きます。",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
        })
    }
}

/// The date a document about `year` carries: the 発行日 the data gives,
/// else `SOURCE_DATE_EPOCH`; `None` when neither is known.
pub fn issue_date(issued: Option<CalendarDate>) -> Result<Option<Datetime>> {
    if let Some(date) = issued {
        return Ok(Some(date.datetime()));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH is not a number of seconds: {value:?}")
            })?;
            Ok(Some(datetime_from_epoch(seconds)?))
        }
        Err(_) => Ok(None),
    }
}

/// The PDF creation date for a document about fiscal year `year`: the issue
/// date when known, else the last day of that fiscal year (31 March), so
/// that the date is stable and means something.
pub fn document_timestamp(issued: Option<CalendarDate>, year: FiscalYear) -> Result<Timestamp> {
    let date = match issue_date(issued)? {
        Some(date) => date,
        None => Datetime::from_ymd_hms(i32::from(year.western()) + 1, 3, 31, 0, 0, 0)
            .expect("31 March exists"),
    };
    Ok(Timestamp::new_utc(date))
}

/// Converts seconds since the Unix epoch to a UTC date and time.
pub fn datetime_from_epoch(seconds: i64) -> Result<Datetime> {
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
        i32::try_from(year).context("SOURCE_DATE_EPOCH is out of range")?,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .context("SOURCE_DATE_EPOCH is out of range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_with_their_era() {
        let date = |s: &str| s.parse::<CalendarDate>().unwrap().prose();
        assert_eq!(date("2019-04-30"), "平成31年4月30日");
        assert_eq!(date("2019-05-01"), "令和元年5月1日");
        assert_eq!(date("2020-07-15"), "令和2年7月15日");
        assert!("2020-02-30".parse::<CalendarDate>().is_err());
        assert!("R2-07-15".parse::<CalendarDate>().is_err());
    }

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
