//! Calendar dates as the data writes them (`2020-07-15`) and as Japanese
//! prose prints them (令和2年7月15日).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::messages;

/// A calendar date written `2020-07-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Days in `month` of `year` in the Gregorian calendar; 0 for no such month.
fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl CalendarDate {
    /// The date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<CalendarDate> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(CalendarDate { year, month, day })
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
        let err = || messages::date_unreadable(s);
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(err);
        let year = next()?.parse().map_err(|_| err())?;
        let month = next()?.parse().map_err(|_| err())?;
        let day = next()?.parse().map_err(|_| err())?;
        CalendarDate::new(year, month, day).ok_or_else(err)
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
        assert!("2019-02-29".parse::<CalendarDate>().is_err());
        assert!("2020-02-29".parse::<CalendarDate>().is_ok());
        assert!("2020-13-01".parse::<CalendarDate>().is_err());
        assert!("R2-07-15".parse::<CalendarDate>().is_err());
    }
}
