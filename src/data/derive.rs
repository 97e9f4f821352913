//! What the sheet computes rather than what a person types: rates from two
//! numbers, grades from a rate by the declared thresholds, and an
//! indicator's grade from its target and baseline. Every document that
//! prints a rate or a derived grade takes it from here.

use crate::data::era::FiscalYear;
use crate::data::model::{Better, Evaluation, Indicator, Judged, Value, YearEntry};
use crate::data::sheet::{Field, Rule};

/// A grade as printed: the letter, and whether a person set it instead of
/// the rule (with the reason).
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub letter: Evaluation,
    /// The reason, when a person changed the computed grade.
    pub changed: Option<String>,
}

/// `numerator / denominator` of a row, in percent, for a `rate` column;
/// `None` while either is missing (or the denominator is zero, which the
/// checks refuse).
pub fn row_rate(entry: &YearEntry, column: &Field) -> Option<f64> {
    let number = |key: &Option<String>| match key.as_deref().and_then(|k| entry.fields.get(k)) {
        Some(Value::Number(n)) => Some(n.value),
        _ => None,
    };
    percent(number(&column.numerator)?, number(&column.denominator)?)
}

fn percent(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator * 100.0)
}

/// The letter `rule`'s thresholds give a rate (in percent).
pub fn by_thresholds(rule: &Rule, rate: f64) -> Option<Evaluation> {
    rule.thresholds
        .iter()
        .find(|step| step.min.is_none_or(|min| rate >= min - 1e-9))
        .map(|step| step.letter.clone())
}

/// A `derived` column's grade in a row: what a person set, else what the
/// rule gives the rate it is derived `from` (`rate_column`).
pub fn row_grade(entry: &YearEntry, column: &Field, rate_column: &Field) -> Option<Derived> {
    if let Some(Value::Judged(Judged { letter, reason })) = entry.fields.get(&column.key) {
        return Some(Derived {
            letter: letter.clone(),
            changed: Some(reason.clone()),
        });
    }
    let rate = row_rate(entry, rate_column)?;
    Some(Derived {
        letter: by_thresholds(column.rule.as_ref()?, rate)?,
        changed: None,
    })
}

/// An indicator's achievement in `year`, in percent: the actual value
/// against the year's target (or the final one); for an indicator where
/// less is better, the target against the actual value.
pub fn indicator_rate(indicator: &Indicator, year: FiscalYear) -> Option<f64> {
    let actual = indicator.actual.get(&year)?.value;
    let target = indicator.target_for(year)?.value;
    match indicator.better {
        Better::Higher => percent(actual, target),
        Better::Lower => percent(target, actual),
    }
}

/// An indicator's grade in `year` by `rule`: what a person set, else by
/// thresholds on the rate, or by the actual value's place against the
/// target and the baseline (within ± tolerance % of the baseline counts as
/// no change). `None` when there is no actual value for the year.
pub fn indicator_grade(indicator: &Indicator, year: FiscalYear, rule: &Rule) -> Option<Derived> {
    if let Some(judged) = indicator.judged.get(&year) {
        return Some(Derived {
            letter: judged.letter.clone(),
            changed: Some(judged.reason.clone()),
        });
    }
    let actual = indicator.actual.get(&year)?.value;
    let letter = match &rule.baseline {
        None => by_thresholds(rule, indicator_rate(indicator, year)?)?,
        Some(against) => {
            // Compared as "how much better", whichever way is better.
            let better = |value: f64| match indicator.better {
                Better::Higher => value,
                Better::Lower => -value,
            };
            let reached = indicator
                .target_for(year)
                .is_some_and(|target| better(actual) >= better(target.value));
            match indicator.baseline.as_ref().map(|b| b.value.value) {
                _ if reached => against.reached.clone(),
                None => against.unknown.clone(),
                Some(base) => {
                    let band = (base * against.tolerance / 100.0).abs();
                    if better(actual) > better(base) + band {
                        against.better.clone()
                    } else if better(actual) < better(base) - band {
                        against.worse.clone()
                    } else {
                        against.same.clone()
                    }
                }
            }
        }
    };
    Some(Derived {
        letter,
        changed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{Baseline, Number};
    use crate::data::sheet::{BaselineRule, Threshold};
    use std::collections::BTreeMap;

    fn letter(text: &str) -> Evaluation {
        Evaluation::parse(text)
    }

    fn number(value: f64) -> Number {
        Number { value, decimals: 0 }
    }

    fn year(text: &str) -> FiscalYear {
        text.parse().unwrap()
    }

    #[test]
    fn thresholds_are_read_from_the_top_and_the_last_takes_the_rest() {
        let rule = Rule {
            thresholds: vec![
                Threshold {
                    min: Some(80.0),
                    letter: letter("順調"),
                },
                Threshold {
                    min: Some(60.0),
                    letter: letter("やや遅れ"),
                },
                Threshold {
                    min: None,
                    letter: letter("遅れ"),
                },
            ],
            baseline: None,
        };
        assert_eq!(by_thresholds(&rule, 80.0), Some(letter("順調")));
        assert_eq!(by_thresholds(&rule, 79.9), Some(letter("やや遅れ")));
        assert_eq!(by_thresholds(&rule, 12.0), Some(letter("遅れ")));
    }

    #[test]
    fn an_indicator_is_graded_against_its_target_and_baseline() {
        let rule = Rule {
            thresholds: Vec::new(),
            baseline: Some(BaselineRule {
                tolerance: 10.0,
                reached: letter("S"),
                better: letter("A"),
                same: letter("B"),
                worse: letter("C"),
                unknown: letter("−"),
            }),
        };
        let r3 = year("R3");
        let with = |actual: f64, better: Better| Indicator {
            name: "協力員".into(),
            unit: None,
            better,
            baseline: Some(Baseline {
                year: year("R2"),
                value: number(100.0),
            }),
            target: BTreeMap::from([(
                year("R7"),
                number(if better == Better::Higher {
                    150.0
                } else {
                    50.0
                }),
            )]),
            actual: BTreeMap::from([(r3, number(actual))]),
            judged: BTreeMap::new(),
        };
        let grade = |i: &Indicator| indicator_grade(i, r3, &rule).map(|g| g.letter);
        assert_eq!(grade(&with(150.0, Better::Higher)), Some(letter("S")));
        assert_eq!(grade(&with(111.0, Better::Higher)), Some(letter("A")));
        assert_eq!(grade(&with(91.0, Better::Higher)), Some(letter("B")));
        assert_eq!(grade(&with(89.0, Better::Higher)), Some(letter("C")));
        // Less is better: 89 is an improvement on 100.
        assert_eq!(grade(&with(89.0, Better::Lower)), Some(letter("A")));
        let mut unknown = with(120.0, Better::Higher);
        unknown.baseline = None;
        assert_eq!(grade(&unknown), Some(letter("−")));
        assert_eq!(indicator_rate(&with(120.0, Better::Higher), r3), Some(80.0));
    }
}
