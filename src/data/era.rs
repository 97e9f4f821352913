//! Fiscal years and the Japanese eras they are printed in.
//!
//! A Japanese fiscal year (年度) runs from April to March and is named after
//! the calendar year it starts in. FY2019 began in April 2019 under Heisei, but
//! the era changed on 1 May 2019 and the whole year is called 令和元年度 (R1).
//! The plan itself was drawn up in Heisei and keeps counting 31, 32 in its
//! year strip; rows print 28, 29, 30, R1, R2.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::messages;

/// First fiscal year of Heisei (H1 = FY1989).
const HEISEI_BASE: u16 = 1988;
/// First fiscal year of Reiwa (R1 = FY2019).
const REIWA_BASE: u16 = 2018;
const FIRST_REIWA_YEAR: u16 = 2019;

/// A fiscal year, kept as the Western year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(u16);

/// The ways a fiscal year may be written in a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiscalYearError(String);

impl fmt::Display for FiscalYearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&messages::year_unreadable(&self.0))
    }
}

impl std::error::Error for FiscalYearError {}

impl FiscalYear {
    pub const fn from_western(year: u16) -> Self {
        FiscalYear(year)
    }

    pub const fn western(self) -> u16 {
        self.0
    }

    pub fn is_reiwa(self) -> bool {
        self.0 >= FIRST_REIWA_YEAR
    }

    /// The label of a yearly-table row: `28`, `30`, `R1`, `R2`.
    pub fn row_label(self) -> String {
        if self.is_reiwa() {
            format!("R{}", self.0 - REIWA_BASE)
        } else {
            format!("{}", self.0 - HEISEI_BASE)
        }
    }

    /// The label in the year strip of a plan whose first year is
    /// `plan_from`: a plan keeps counting in the era it was drawn up in,
    /// past an era change (FY2019 is 31 in a plan from H28, 1 in a plan
    /// from R1).
    pub fn plan_label(self, plan_from: FiscalYear) -> String {
        let base = if plan_from.is_reiwa() {
            REIWA_BASE
        } else {
            HEISEI_BASE
        };
        format!("{}", self.0.saturating_sub(base))
    }

    /// The year in prose: 平成30年度, 令和元年度, 令和2年度.
    pub fn prose(self) -> String {
        if self.is_reiwa() {
            match self.0 - REIWA_BASE {
                1 => "令和元年度".to_owned(),
                n => format!("令和{n}年度"),
            }
        } else {
            match self.0 - HEISEI_BASE {
                1 => "平成元年度".to_owned(),
                n => format!("平成{n}年度"),
            }
        }
    }

    /// For file names: `2019-R1`.
    pub fn file_label(self) -> String {
        format!("{}-{}", self.0, self.row_label())
    }

    pub fn prev(self) -> Self {
        FiscalYear(self.0 - 1)
    }

    pub fn next(self) -> Self {
        FiscalYear(self.0 + 1)
    }

    /// Reads a number as the sheets write it: two digits or fewer count in
    /// Heisei (as the plan's own strip does, 32 = FY2020), four digits are
    /// Western.
    pub fn from_number(n: u64) -> Option<Self> {
        match n {
            1..=99 => Some(FiscalYear(HEISEI_BASE + n as u16)),
            1989..=2200 => Some(FiscalYear(n as u16)),
            _ => None,
        }
    }
}

impl FromStr for FiscalYear {
    type Err = FiscalYearError;

    /// Reads a year as a clerk types it, an input method's full-width forms
    /// included: `R2`, `Ｒ２`, `令和２年度`, `令和元年`, `2020`, `２０２０`, `28`.
    /// A bare `元` (元年度) is 令和元年度, the only 元年 a plan still running
    /// can mean.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || FiscalYearError(s.to_owned());
        let half: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                c => c,
            })
            .collect();
        let trimmed = half.trim();
        let trimmed = trimmed
            .strip_suffix("年度")
            .or_else(|| trimmed.strip_suffix('年'))
            .unwrap_or(trimmed);
        let (era, digits) = match trimmed.chars().next() {
            Some('H' | 'h') => (Some(HEISEI_BASE), &trimmed[1..]),
            Some('R' | 'r') => (Some(REIWA_BASE), &trimmed[1..]),
            _ if trimmed.starts_with("平成") => (Some(HEISEI_BASE), &trimmed["平成".len()..]),
            _ if trimmed.starts_with("令和") => (Some(REIWA_BASE), &trimmed["令和".len()..]),
            _ if trimmed == "元" => (Some(REIWA_BASE), trimmed),
            _ => (None, trimmed),
        };
        let number: u64 = if digits == "元" {
            1
        } else {
            digits.parse().map_err(|_| err())?
        };
        match era {
            Some(base) if (1..=99).contains(&number) => Ok(FiscalYear(base + number as u16)),
            Some(_) => Err(err()),
            None => FiscalYear::from_number(number).ok_or_else(err),
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.row_label())
    }
}

impl Serialize for FiscalYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.row_label())
    }
}

/// In the JSON Schema: a number as the sheets write it (28, 2019) or a
/// string with an era (H28, R1, 令和元年度); the loader's [`FromStr`] is the
/// exact rule, the schema lets an editor flag the obvious slips.
impl schemars::JsonSchema for FiscalYear {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FiscalYear".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "年度",
            "description": "年度。28 のような 2 桁（平成）、2019 のような西暦、H28・R1・H31・令和元年度 のような元号つき。",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 99 },
                { "type": "integer", "minimum": 1989, "maximum": 2200 },
                {
                    "type": "string",
                    "pattern": "^\\s*(?:(?:[HhRr]|平成|令和)(?:[0-9]{1,2}|元)|[0-9]{1,2}|[0-9]{4})(?:年度)?\\s*$"
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for FiscalYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct YearVisitor;

        impl Visitor<'_> for YearVisitor {
            type Value = FiscalYear;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a fiscal year such as 28, H28, R1 or 2019")
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<FiscalYear, E> {
                FiscalYear::from_number(n).ok_or_else(|| E::custom(FiscalYearError(n.to_string())))
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<FiscalYear, E> {
                u64::try_from(n)
                    .ok()
                    .and_then(FiscalYear::from_number)
                    .ok_or_else(|| E::custom(FiscalYearError(n.to_string())))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<FiscalYear, E> {
                s.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(YearVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(s: &str) -> FiscalYear {
        s.parse().unwrap()
    }

    #[test]
    fn years_are_read_as_an_input_method_types_them() {
        assert_eq!(year("令和２年度"), year("R2"));
        assert_eq!(year("２０２０"), year("R2"));
        assert_eq!(year("Ｒ２"), year("R2"));
        assert_eq!(year("令和元年"), year("R1"));
        assert_eq!(year("元"), year("R1"));
        assert_eq!(year("平成元年度").western(), 1989);
    }

    #[test]
    fn heisei_forms_mean_the_same_year() {
        assert_eq!(year("28"), FiscalYear::from_western(2016));
        assert_eq!(year("H28"), FiscalYear::from_western(2016));
        assert_eq!(year("平成28年度"), FiscalYear::from_western(2016));
    }

    #[test]
    fn era_boundary_fy2018_is_h30_and_fy2019_is_r1() {
        assert_eq!(FiscalYear::from_western(2018).row_label(), "30");
        assert_eq!(FiscalYear::from_western(2018).prose(), "平成30年度");
        assert_eq!(FiscalYear::from_western(2019).row_label(), "R1");
        assert_eq!(FiscalYear::from_western(2019).prose(), "令和元年度");
        assert_eq!(FiscalYear::from_western(2020).row_label(), "R2");
        assert_eq!(FiscalYear::from_western(2020).prose(), "令和2年度");
    }

    #[test]
    fn h31_r1_and_2019_are_one_year() {
        assert_eq!(year("H31"), year("R1"));
        assert_eq!(year("R1"), year("2019"));
        assert_eq!(year("令和元年度"), year("R1"));
        assert_eq!(year("r2"), FiscalYear::from_western(2020));
    }

    #[test]
    fn plan_strip_keeps_heisei_numbering_past_the_era_change() {
        assert_eq!(year("R1").plan_label(year("H28")), "31");
        assert_eq!(year("R2").plan_label(year("H28")), "32");
        assert_eq!(year("R5").plan_label(year("R3")), "5");
        assert_eq!(year("H32"), year("R2"));
    }

    #[test]
    fn yaml_numbers_and_strings_both_load() {
        let years: Vec<FiscalYear> = serde_yaml::from_str("[28, H29, 2018, R1, 'R2']").unwrap();
        let labels: Vec<String> = years.iter().map(|y| y.row_label()).collect();
        assert_eq!(labels, ["28", "29", "30", "R1", "R2"]);
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in ["", "X1", "R", "H0", "R100", "100", "3000", "二十八"] {
            assert!(bad.parse::<FiscalYear>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn file_label_names_western_year_and_era() {
        assert_eq!(year("R1").file_label(), "2019-R1");
    }
}
