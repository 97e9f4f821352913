//! Scales of evaluation letters: which letters a field may hold, in which
//! order, and which of them are ranked (a letter outside the ranking, such
//! as X 未着手, is counted but not compared). The plan has one (A–D unless
//! it says otherwise); a field of the sheet may have its own.

use crate::data::model::{Evaluation, Grade, Plan};
use crate::data::sheet::Field;
use crate::messages;

/// How an evaluation moved from one year to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Up,
    Same,
    Down,
}

impl Trend {
    /// As printed: 上昇, 維持, 低下.
    pub fn word(self) -> &'static str {
        match self {
            Trend::Up => messages::trend_up(),
            Trend::Same => messages::trend_same(),
            Trend::Down => messages::trend_down(),
        }
    }
}

/// The letters of a plan, best first.
#[derive(Debug, Clone)]
pub struct Scale {
    grades: Vec<Grade>,
}

impl Scale {
    pub fn new(grades: Vec<Grade>) -> Scale {
        Scale { grades }
    }

    pub fn of(plan: &Plan) -> Scale {
        Scale {
            grades: plan.grades(),
        }
    }

    /// The scale of a grade or derived field: its own, else the plan's.
    pub fn for_field(field: &Field, plan: &Plan) -> Scale {
        if field.scale.is_empty() {
            Scale::of(plan)
        } else {
            Scale::new(field.scale.clone())
        }
    }

    pub fn grades(&self) -> &[Grade] {
        &self.grades
    }

    /// The letters, in the scale's order.
    pub fn letters(&self) -> Vec<&str> {
        self.grades.iter().map(|g| g.letter.letter()).collect()
    }

    pub fn contains(&self, letter: &Evaluation) -> bool {
        self.grades.iter().any(|g| g.letter == *letter)
    }

    /// The letter's place among the ranked letters (0 is best); `None` for
    /// a letter outside the ranking or the scale.
    pub fn rank(&self, letter: &Evaluation) -> Option<usize> {
        self.grades
            .iter()
            .filter(|g| g.ranked)
            .position(|g| g.letter == *letter)
    }

    /// How `current` compares with `previous`, when both are ranked.
    pub fn trend(
        &self,
        previous: Option<&Evaluation>,
        current: Option<&Evaluation>,
    ) -> Option<Trend> {
        let (previous, current) = (self.rank(previous?)?, self.rank(current?)?);
        Some(match current.cmp(&previous) {
            std::cmp::Ordering::Less => Trend::Up,
            std::cmp::Ordering::Equal => Trend::Same,
            std::cmp::Ordering::Greater => Trend::Down,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(yaml: &str) -> Plan {
        serde_yaml::from_str(&format!(
            "title: t\nissuers: [i]\npacket_label: p\nperiod: {{ from: R3, to: R8 }}\n{yaml}"
        ))
        .unwrap()
    }

    fn letter(text: &str) -> Evaluation {
        Evaluation::parse(text)
    }

    #[test]
    fn the_default_scale_is_a_to_d_and_a_better_letter_is_a_rise() {
        let scale = Scale::of(&plan(""));
        assert_eq!(scale.letters(), ["A", "B", "C", "D"]);
        assert_eq!(
            scale.trend(Some(&letter("C")), Some(&letter("B"))),
            Some(Trend::Up)
        );
        assert_eq!(
            scale.trend(Some(&letter("B")), Some(&letter("B"))),
            Some(Trend::Same)
        );
        assert_eq!(
            scale.trend(Some(&letter("B")), Some(&letter("D"))),
            Some(Trend::Down)
        );
        assert_eq!(scale.trend(None, Some(&letter("B"))), None);
    }

    #[test]
    fn a_letter_outside_the_ranking_is_in_the_scale_but_never_compared() {
        let scale = Scale::of(&plan(
            "scale:\n  - { letter: A, meaning: 達成 }\n  - { letter: B }\n  - { letter: C }\n  - { letter: X, meaning: 未着手, ranked: false }\n",
        ));
        assert_eq!(scale.letters(), ["A", "B", "C", "X"]);
        assert!(scale.contains(&letter("X")));
        assert!(!scale.contains(&letter("D")));
        assert_eq!(scale.rank(&letter("X")), None);
        assert_eq!(scale.trend(Some(&letter("X")), Some(&letter("A"))), None);
        assert_eq!(scale.rank(&letter("Ｃ")), Some(2));
    }
}
