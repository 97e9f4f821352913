//! The data model: what a dataset file says, field by field.
//!
//! Every fixed field's doc comment starts with its Japanese sheet label,
//! then ` — ` and a short description for the clerk: the JSON Schema
//! (`welfare-sheets schema`, see [`crate::data::schema`]) turns them into
//! each field's title and description, and the messages name a field by
//! that title. The fields a sheet declares (a goal's 内容, a year's 評価 …)
//! are held by key in [`Fields`], labelled by their declaration
//! ([`crate::data::sheet`]).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::data::date::CalendarDate;
use crate::data::era::FiscalYear;
use crate::data::sheet::Sheet;
use crate::messages;

/// データファイル — one YAML file of a dataset: `plan:` and `sheet:` (each in
/// at most one file of the dataset) and/or `goals:` (the goals of all files
/// are joined). Read by [`crate::data::parse`], which knows the sheet.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct DatasetFile {
    /// 計画 — 計画名・策定者・資料番号・計画期間。データセットのどれか一つのファイルにだけ書きます。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// 様式 — 進行管理シートの様式（欄・列・見出し）。書かないときは防府市の様式です。データセットのどれか一つのファイルにだけ書きます。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<Sheet>,
    /// 実施目標 — 実施目標の並び。1 目標が進行管理シート 1 枚になります（No. 順に並べ替えて印刷）。
    #[serde(default)]
    pub goals: Vec<Goal>,
}

/// 計画 — metadata printed on every sheet and on the booklet.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 計画名 — 計画の正式な名前。例: 第二次防府市地域福祉計画・防府市地域福祉活動計画
    pub title: String,
    /// 策定者 — 計画をつくった団体の並び。例: [防府市, 防府市社会福祉協議会]
    pub issuers: Vec<String>,
    /// 資料番号 — 最初のシートの右上に付く資料の番号。例: 資料 8
    pub packet_label: String,
    /// 計画期間 — 計画の初年度と最終年度（どちらも含む）。
    pub period: Period,
    /// 発行日 — 報告する年度ごとの発行日（例 `R1: 2020-07-15`）。冊子の表紙に印刷し、PDF の作成日にもなります。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub issued: BTreeMap<FiscalYear, CalendarDate>,
    /// 評価の凡例 — A・B・C・D の意味（例 `A: 計画以上に進んでいる`）。書いたときだけ冊子の評価の集計に印刷します。評価の段階を変えるときは scale を使います。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub legend: BTreeMap<Evaluation, String>,
    /// 評価の段階 — 評価に使う文字を、よいものから順に（例 `- { letter: A, meaning: 達成 }`）。書かないときは A・B・C・D です。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Grade>,
    /// 計画の体系 — 基本目標と施策の名前、基本目標の年度ごとの評価。書いたときだけ冊子に印刷します。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<BasicGoalName>,
    /// 評価の変化のページ — true で、前年度から評価が上がった・下がった実施目標の一覧を冊子に加えます。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub changes_page: bool,
}

impl Plan {
    /// The plan's scale, best first: `scale` when given, else A–D with the
    /// meanings `legend` gives.
    pub fn grades(&self) -> Vec<Grade> {
        if !self.scale.is_empty() {
            return self.scale.clone();
        }
        Evaluation::DEFAULT_LETTERS
            .iter()
            .map(|letter| {
                let letter = Evaluation(letter.to_string());
                Grade {
                    meaning: self.legend.get(&letter).cloned(),
                    letter,
                    ranked: true,
                }
            })
            .collect()
    }
}

/// 計画期間 — first and last fiscal year, both inclusive.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// 初年度 — 計画の最初の年度。例: H28
    pub from: FiscalYear,
    /// 最終年度 — 計画の最後の年度。例: H32（= R2）
    pub to: FiscalYear,
}

impl Period {
    /// Every fiscal year of the plan, in order.
    pub fn years(&self) -> impl Iterator<Item = FiscalYear> {
        (self.from.western()..=self.to.western()).map(FiscalYear::from_western)
    }

    pub fn contains(&self, year: FiscalYear) -> bool {
        self.from <= year && year <= self.to
    }
}

/// 実施目標 — one goal, printed as one 進行管理シート: the keys every goal
/// has, and the fields its sheet declares ([`crate::data::sheet`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// 実施目標 No. — 実施目標の番号（1 以上、データセットの中で一つずつ）。シート右上の No. 欄に印刷されます。
    pub no: u32,
    /// 実施目標計画CD — 基本目標・施策・細施策の三つの欄。分からない部分は書かずにおきます。
    pub plan_code: PlanCode,
    /// 担当 — この実施目標の結果を書く担当課の並び（例 `[高齢福祉課, 市社協 地域福祉係]`）。記入用の Excel を担当ごとに作るときに使います。
    pub owners: Vec<String>,
    /// 指標 — 実施目標の指標（基準値・目標値・実績値）の並び。様式に指標の表があるときに書きます。
    pub indicators: Vec<Indicator>,
    /// 年度 — 年度ごとの表の行。古い年度から順に、一つの年度は一度だけ書きます。
    pub years: Vec<YearEntry>,
    /// The fields the sheet declares for a goal, in the order written.
    pub fields: Fields,
}

/// 年度 — one row of the yearly table: its year and the columns the sheet
/// declares.
#[derive(Debug, Clone, PartialEq)]
pub struct YearEntry {
    /// 年度 — 行の年度。28・H28・R1・H31・2019・令和元年度 のように書きます。
    pub year: FiscalYear,
    /// The columns the sheet declares, in the order written.
    pub fields: Fields,
}

impl YearEntry {
    pub fn new(year: FiscalYear) -> YearEntry {
        YearEntry {
            year,
            fields: Fields::default(),
        }
    }
}

impl Goal {
    /// The row of `year`, when the goal has one.
    pub fn year(&self, year: FiscalYear) -> Option<&YearEntry> {
        self.years.iter().find(|entry| entry.year == year)
    }
}

/// The declared fields of a goal or of a yearly row, by key, in the order
/// they were written (so that a dataset written back reads as it was).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(Vec<(String, Value)>);

impl Fields {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, keeping its place when it is there already.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The text at `key`; an absent (or non-text) field reads as empty.
    pub fn text(&self, key: &str) -> &RichText {
        static EMPTY: RichText = RichText::Empty;
        match self.get(key) {
            Some(Value::Text(text)) => text,
            _ => &EMPTY,
        }
    }

    /// The letter at `key`, when it holds one.
    pub fn letter(&self, key: &str) -> Option<&Evaluation> {
        match self.get(key) {
            Some(Value::Letter(letter)) => Some(letter),
            _ => None,
        }
    }

    /// Whether `key` holds something (an empty text holds nothing).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some_and(|value| !value.is_empty())
    }
}

/// A value of a declared field, of the kind its declaration names.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// text: 文章.
    Text(RichText),
    /// grade: a letter of the field's scale.
    Letter(Evaluation),
    /// number: 数値.
    Number(Number),
    /// choice: one of the declared choices, as written.
    Choice(String),
    /// derived: a computed grade a person changed, with the reason.
    Judged(Judged),
    /// schedule: 年次計画.
    Schedule(Schedule),
    /// programmes: 関係取組・事業.
    Programmes(Programmes),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(text) => text.is_empty(),
            Value::Choice(choice) => choice.trim().is_empty(),
            _ => false,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(text) => text.serialize(serializer),
            Value::Letter(letter) => letter.serialize(serializer),
            Value::Number(number) => number.serialize(serializer),
            Value::Choice(choice) => choice.serialize(serializer),
            Value::Judged(judged) => judged.serialize(serializer),
            Value::Schedule(schedule) => schedule.serialize(serializer),
            Value::Programmes(programmes) => programmes.serialize(serializer),
        }
    }
}

impl Serialize for Goal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("no", &self.no)?;
        if self.plan_code != PlanCode::default() {
            map.serialize_entry("plan_code", &self.plan_code)?;
        }
        for (key, value) in self.fields.iter() {
            map.serialize_entry(key, value)?;
        }
        if !self.owners.is_empty() {
            map.serialize_entry("owners", &self.owners)?;
        }
        if !self.indicators.is_empty() {
            map.serialize_entry("indicators", &self.indicators)?;
        }
        map.serialize_entry("years", &self.years)?;
        map.end()
    }
}

impl Serialize for YearEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("year", &self.year)?;
        for (key, value) in self.fields.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// 数値 — a number as written: its value and how many decimals it was
/// written with (what it prints with unless the sheet says).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

impl Number {
    /// Reads a number as a Japanese input method may type it: full-width
    /// digits, `1,234` with separators, a unit after it (`120人`). `None`
    /// when it is not a number.
    pub fn parse(text: &str, unit: Option<&str>) -> Option<Number> {
        let mut text: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '，' => ',',
                '．' => '.',
                '－' | '−' | '‐' => '-',
                '＋' => '+',
                c => c,
            })
            .collect();
        if let Some(unit) = unit.filter(|u| !u.is_empty())
            && let Some(stripped) = text.trim_end().strip_suffix(unit)
        {
            text = stripped.trim_end().to_owned();
        }
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.strip_prefix('+').unwrap_or(&text)),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        // Separators only between groups of three: 1,234,567.
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !grouped
            || !groups.iter().all(|g| all_digits(g))
            || fraction.is_some_and(|f| !all_digits(f))
        {
            return None;
        }
        let plain = format!(
            "{sign}{}{}",
            groups.concat(),
            fraction.map(|f| format!(".{f}")).unwrap_or_default()
        );
        let value: f64 = plain.parse().ok()?;
        let decimals = fraction.map_or(0, |f| u8::try_from(f.len()).unwrap_or(u8::MAX));
        value.is_finite().then_some(Number { value, decimals })
    }

    /// As printed: with `decimals` places (else as written) and separators
    /// between groups of three (8,080).
    pub fn display(&self, decimals: Option<u8>) -> String {
        format_number(self.value, decimals.unwrap_or(self.decimals))
    }
}

/// `value` with `decimals` places and separators between groups of three.
pub fn format_number(value: f64, decimals: u8) -> String {
    let text = format!("{:.*}", usize::from(decimals), value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_owned(), Some(f.to_owned())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && grouped.chars().any(|c| c != '0' && c != ',');
    format!(
        "{}{grouped}{}",
        if negative { "-" } else { "" },
        fraction.map(|f| format!(".{f}")).unwrap_or_default()
    )
}

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.decimals == 0 && self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            serializer.serialize_i64(self.value as i64)
        } else {
            serializer.serialize_f64(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = Number;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
                Ok(Number {
                    value: n as f64,
                    decimals: 0,
                })
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
                Ok(Number {
                    value: n as f64,
                    decimals: 0,
                })
            }

            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Number, E> {
                Number::parse(&n.to_string(), None)
                    .ok_or_else(|| E::custom(messages::not_a_number(&n.to_string())))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Number, E> {
                Number::parse(text, None).ok_or_else(|| E::custom(messages::not_a_number(text)))
            }
        }

        deserializer.deserialize_any(NumberVisitor)
    }
}

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "数値",
            "description": "数値。1234・1,234・１２３４ のどれでも書けます。",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*[-－+＋]?[0-9０-９,，]+([.．][0-9０-９]+)?\\s*$" }
            ]
        })
    }
}

/// 判定の変更 — a computed grade a person set otherwise, and why.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    /// 判定 — 自動で求めた判定の代わりに印刷する文字。
    pub letter: Evaluation,
    /// 理由 — 判定を変えた理由。シートの注に印刷します。
    pub reason: String,
}

/// 指標 — one indicator of a goal: its baseline, targets and actual values.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 指標名 — 例: 見守り協力員の人数
    pub name: String,
    /// 単位 — 例: 人
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// よい向き — higher（大きいほどよい）か lower（小さいほどよい）。省くと higher。
    #[serde(default, skip_serializing_if = "Better::is_higher")]
    pub better: Better,
    /// 基準値 — 計画を始めたときの値とその年度。例: { year: R2, value: 120 }
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// 目標値 — 年度ごとの目標値（最終年度だけでも書けます）。例: { R7: 200 }
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target: BTreeMap<FiscalYear, Number>,
    /// 実績値 — 年度ごとの実績値。例: { R3: 135 }
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actual: BTreeMap<FiscalYear, Number>,
    /// 判定の変更 — 自動の判定を変える年度と、その文字・理由。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub judged: BTreeMap<FiscalYear, Judged>,
}

impl Indicator {
    /// The target a year's actual value is measured against: that year's,
    /// else the latest one set (a final target).
    pub fn target_for(&self, year: FiscalYear) -> Option<Number> {
        self.target
            .get(&year)
            .or_else(|| self.target.values().next_back())
            .copied()
    }
}

/// よい向き — whether a larger or a smaller value is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// 大きいほどよい
    #[default]
    Higher,
    /// 小さいほどよい
    Lower,
}

impl Better {
    fn is_higher(&self) -> bool {
        *self == Better::Higher
    }
}

/// 基準値 — an indicator's value when the plan began.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 基準の年度 — 例: R2
    pub year: FiscalYear,
    /// 基準値 — 例: 120
    pub value: Number,
}

/// 実施目標計画CD — the three cells of the header box.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCode {
    /// 基本目標 — ローマ数字 I・II・III など。分からなければ書かずにおきます。
    #[serde(default)]
    pub basic_goal: Option<BasicGoal>,
    /// 施策 — 施策の番号。分からなければ書かずにおきます。
    #[serde(default)]
    pub measure: Option<u32>,
    /// 細施策 — 細施策の番号（(1) のように印刷）か、ダッシュを印刷する "-"。分からなければ書かずにおきます。
    #[serde(default)]
    pub sub_measure: Option<SubMeasure>,
}

/// 基本目標 — a Roman numeral, I to X.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BasicGoal(u8);

/// The numerals a 基本目標 may be, in order.
const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

impl BasicGoal {
    /// As printed in the CD box.
    pub fn label(self) -> &'static str {
        ROMAN[usize::from(self.0 - 1)]
    }

    /// Reads I–X, in Latin capitals or as the Roman numeral characters
    /// (Ⅰ, Ⅱ …) a Japanese input method offers.
    pub fn parse(text: &str) -> Option<BasicGoal> {
        let latin: String = text
            .trim()
            .chars()
            .map(|c| match c {
                'Ⅰ' => "I".to_owned(),
                'Ⅱ' => "II".to_owned(),
                'Ⅲ' => "III".to_owned(),
                'Ⅳ' => "IV".to_owned(),
                'Ⅴ' => "V".to_owned(),
                'Ⅵ' => "VI".to_owned(),
                'Ⅶ' => "VII".to_owned(),
                'Ⅷ' => "VIII".to_owned(),
                'Ⅸ' => "IX".to_owned(),
                'Ⅹ' => "X".to_owned(),
                'Ｉ' => "I".to_owned(),
                'Ｖ' => "V".to_owned(),
                'Ｘ' => "X".to_owned(),
                c => c.to_string(),
            })
            .collect();
        ROMAN
            .iter()
            .position(|r| *r == latin)
            .map(|i| BasicGoal(i as u8 + 1))
    }
}

impl Serialize for BasicGoal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for BasicGoal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        BasicGoal::parse(&text)
            .ok_or_else(|| de::Error::custom(messages::basic_goal_unknown(&text)))
    }
}

impl JsonSchema for BasicGoal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BasicGoal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "基本目標",
            "description": "ローマ数字 I〜X（Ⅰ・Ⅱ のような文字でも書けます）。",
            "type": "string",
            "pattern": "^\\s*(I|II|III|IV|V|VI|VII|VIII|IX|X|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|Ⅶ|Ⅷ|Ⅸ|Ⅹ)\\s*$"
        })
    }
}

/// 細施策 — a number printed as (n), or the dash.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum SubMeasure {
    /// 番号 — (1) のように印刷されます。
    Number(u32),
    /// ダッシュ — "-" と書くとダッシュを印刷します。
    Dash(Dash),
}

/// ダッシュ — the literal `"-"` that stands for a sheet's dash cell.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
pub enum Dash {
    #[serde(rename = "-")]
    Dash,
}

impl SubMeasure {
    pub fn label(self) -> String {
        match self {
            SubMeasure::Number(n) => format!("({n})"),
            SubMeasure::Dash(_) => "-".to_owned(),
        }
    }
}

/// 年次計画 — arrows over the plan's years, with optional phase labels.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// 年次計画の矢印 — 段階ごとの矢印を順に（from・to・label）。
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// 新規 — true で年次計画の横に「新規」の印を付けます。
    #[serde(default)]
    pub new: bool,
}

/// 年次計画の矢印 — one arrow of the 年次計画 strip.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// 開始年度 — 矢印が始まる年度（計画期間の中）。例: 28
    pub from: FiscalYear,
    /// 終了年度 — 矢印が終わる年度（計画期間の中、開始年度と同じかそれより後）。例: 32
    pub to: FiscalYear,
    /// 段階 — 矢印の上に印刷する段階の名前。例: 準備、配置・整備
    #[serde(default)]
    pub label: Option<String>,
}

/// 関係取組・事業 — the city's and the council's programmes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// 市 — 市の取組・事業と担当課の並び。
    #[serde(default)]
    pub city: Vec<CityProgramme>,
    /// 市社協 — 市社会福祉協議会の取組・事業の名前の並び。
    #[serde(default)]
    pub council: Vec<String>,
    /// 一行の数 — 取組・事業を一行にいくつずつ印刷するか。1 で一行に一つずつ。書かないときは「、」でつないで一続きに印刷します。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_line: Option<u32>,
}

impl Programmes {
    /// `items` as a cell prints them: joined by 、, in lines of
    /// [`Programmes::per_line`] when the goal says so.
    pub fn joined(&self, items: &[String]) -> String {
        match self.per_line.filter(|n| *n > 0) {
            Some(n) => items
                .chunks(n as usize)
                .map(|line| line.join("、"))
                .collect::<Vec<_>>()
                .join("\n"),
            None => items.join("、"),
        }
    }

    /// The city's programmes as printed: each name followed by its
    /// sections in 〔…、…〕.
    pub fn city_items(&self) -> Vec<String> {
        self.city
            .iter()
            .map(|p| {
                if p.sections.is_empty() {
                    p.name.clone()
                } else {
                    format!("{}〔{}〕", p.name, p.sections.join("、"))
                }
            })
            .collect()
    }
}

/// 市の取組・事業 — its name, then its sections printed as 〔…、…〕.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CityProgramme {
    /// 事業名 — 取組・事業の名前。
    pub name: String,
    /// 担当課 — 事業名のあとに〔 〕で印刷する担当課の並び。
    #[serde(default)]
    pub sections: Vec<String>,
}

/// 評価 — a letter of the plan's scale ([`Plan::scale`]): A–D unless the
/// plan says otherwise.
///
/// Written as upper-case Latin letters; the full-width letters (Ａ) that
/// Japanese input methods often type are read as their half-width twins,
/// and the loader adds a note (see [`Evaluation::is_full_width`]). Whether
/// the letter belongs to the plan's scale is checked with the whole dataset,
/// so that every wrong letter gets the one message that lists the scale.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Evaluation(String);

impl Evaluation {
    /// The letters of the default scale, best first.
    pub const DEFAULT_LETTERS: [&'static str; 4] = ["A", "B", "C", "D"];

    pub fn letter(&self) -> &str {
        &self.0
    }

    /// Reads what was written, full-width letters as half-width ones.
    pub fn parse(text: &str) -> Evaluation {
        Evaluation(
            text.trim()
                .chars()
                .map(|c| match c {
                    'Ａ'..='Ｚ' => {
                        char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c)
                    }
                    c => c,
                })
                .collect(),
        )
    }

    /// Whether `text` is written in full-width letters (`Ｘ`).
    pub fn is_full_width(text: &str) -> bool {
        text.chars().any(|c| matches!(c, 'Ａ'..='Ｚ'))
    }
}

impl<'de> Deserialize<'de> for Evaluation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LetterVisitor;

        impl Visitor<'_> for LetterVisitor {
            type Value = Evaluation;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an evaluation letter")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Evaluation, E> {
                Ok(Evaluation::parse(text))
            }
        }

        deserializer.deserialize_str(LetterVisitor)
    }
}

/// In the JSON Schema: one to three Latin letters, half- or full-width (the
/// plan's scale is checked by the loader).
impl JsonSchema for Evaluation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evaluation".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "評価",
            "description": "評価の文字。計画の評価の段階（scale。書かなければ A・B・C・D）のどれか。",
            "type": "string",
            "pattern": "^\\s*[A-ZＡ-Ｚ]{1,3}\\s*$"
        })
    }
}

/// 評価の段階 — one letter of the plan's scale with what it means.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// 評価の文字 — 例: A
    pub letter: Evaluation,
    /// 意味 — 冊子の評価の凡例に印刷します。例: 計画以上に進んでいる
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// 順位づけ — false にすると、件数には数えますが、上昇・低下の比較や棒グラフの順位には入れません（例: X 未着手）。
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ranked: bool,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// 基本目標の名前 — a basic goal of the plan's structure.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicGoalName {
    /// 基本目標 — I・II・III のいずれか。
    pub basic_goal: BasicGoal,
    /// 名前 — 基本目標の名前。計画の体系の見出しに印刷します。
    pub name: String,
    /// 施策 — 施策の番号と名前の並び。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureName>,
    /// 基本目標の評価 — 推進委員会が基本目標全体につけた年度ごとの評価（例 `R1: B`）。評価の集計に前年度と並べて印刷します。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grades: BTreeMap<FiscalYear, Evaluation>,
}

/// 施策の名前 — a measure of a basic goal.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureName {
    /// 施策 — 施策の番号。
    pub measure: u32,
    /// 名前 — 施策の名前。
    pub name: String,
}

/// 文章 — a text cell: a plain string (line breaks kept as written) or a list
/// of blocks. Everything in it is literal text, never markup.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum RichText {
    // Untagged variants are tried in order, and a failed try formats the
    // whole value into its error: a string tried first as Empty took 40% of
    // the loading time.
    /// 文字列 — 書いたとおりの改行で印刷します。複数行は |- で書きます。
    Plain(String),
    /// 空欄 — 何も書かない（~ や空のまま）。
    #[default]
    Empty,
    /// ブロックの並び — 段落・箇条書き (list:)・見出し (heading:)・表 (table:) の並び。
    Blocks(Vec<Block>),
}

impl RichText {
    pub fn is_empty(&self) -> bool {
        match self {
            RichText::Empty => true,
            RichText::Plain(s) => s.trim().is_empty(),
            RichText::Blocks(b) => b.is_empty(),
        }
    }

    /// The cell as a list of blocks (a plain string is one paragraph).
    pub fn blocks(&self) -> Vec<Block> {
        match self {
            RichText::Empty => Vec::new(),
            RichText::Plain(s) if s.trim().is_empty() => Vec::new(),
            RichText::Plain(s) => vec![Block::Paragraph(s.clone())],
            RichText::Blocks(b) => b.clone(),
        }
    }

    /// Every character the cell prints, without bullets and brackets the
    /// template adds; used to check coverage and text presence.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in self.blocks() {
            match block {
                Block::Paragraph(s) | Block::Tagged(TaggedBlock::Paragraph(s)) => out += &s,
                Block::Tagged(TaggedBlock::Heading(s)) => out += &s,
                Block::Tagged(TaggedBlock::List(items)) => {
                    for item in items {
                        out += &item;
                        out.push('\n');
                    }
                }
                Block::Tagged(TaggedBlock::Table(rows)) => {
                    for row in rows {
                        out += &row.join("\t");
                        out.push('\n');
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// ブロック — one block of a rich cell: a bare string is a paragraph; a
/// one-key mapping names the kind.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum Block {
    /// 段落 — 文字列だけを書くと段落になります。
    Paragraph(String),
    /// 種類つきブロック — paragraph:・list:・heading:・table: のどれか一つのキー。
    Tagged(TaggedBlock),
}

/// 種類つきブロック — a block named by its one key.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TaggedBlock {
    /// 段落 — 一つの段落。
    Paragraph(String),
    /// 箇条書き — 項目の並び。各項目は「・」のあとに印刷されます。
    List(Vec<String>),
    /// 見出し — 【 】で囲んで印刷する小見出し。
    Heading(String),
    /// 表 — 行の並び。各行はセルの並び（例: [[a, b], [c, d]]）。
    Table(Vec<Vec<String>>),
}

/// Written back as the one-key mapping it is read from (`list: [...]`);
/// serde_yaml would otherwise write an enum as a YAML tag (`!list`), which
/// the untagged [`Block`] cannot read again.
impl Serialize for TaggedBlock {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            TaggedBlock::Paragraph(text) => map.serialize_entry("paragraph", text)?,
            TaggedBlock::List(items) => map.serialize_entry("list", items)?,
            TaggedBlock::Heading(text) => map.serialize_entry("heading", text)?,
            TaggedBlock::Table(rows) => map.serialize_entry("table", rows)?,
        }
        map.end()
    }
}

/// In the JSON Schema: the keys every goal has; the fields its sheet
/// declares are added by [`crate::data::schema`].
impl JsonSchema for Goal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Goal".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let plan_code = generator.subschema_for::<PlanCode>();
        let owners = generator.subschema_for::<Vec<String>>();
        let indicators = generator.subschema_for::<Vec<Indicator>>();
        let years = generator.subschema_for::<Vec<YearEntry>>();
        schemars::json_schema!({
            "description": "実施目標 — one goal",
            "type": "object",
            "properties": {
                "no": {
                    "title": "実施目標 No.",
                    "description": "実施目標の番号（1 以上、データセットの中で一つずつ）。シート右上の No. 欄に印刷されます。",
                    "type": "integer",
                    "minimum": 0
                },
                "plan_code": {
                    "title": "実施目標計画CD",
                    "description": "基本目標・施策・細施策の三つの欄。分からない部分は書かずにおきます。",
                    "allOf": [plan_code]
                },
                "owners": {
                    "title": "担当",
                    "description": "この実施目標の結果を書く担当課の並び（例 [高齢福祉課, 市社協 地域福祉係]）。記入用の Excel を担当ごとに作るときに使います。",
                    "allOf": [owners]
                },
                "indicators": {
                    "title": "指標",
                    "description": "実施目標の指標（基準値・目標値・実績値）の並び。様式に指標の表があるときに書きます。",
                    "allOf": [indicators]
                },
                "years": {
                    "title": "年度",
                    "description": "年度ごとの表の行。古い年度から順に、一つの年度は一度だけ書きます。",
                    "allOf": [years]
                }
            },
            "required": ["no"],
            "additionalProperties": false
        })
    }
}

/// In the JSON Schema: a row's year; the columns its sheet declares are
/// added by [`crate::data::schema`].
impl JsonSchema for YearEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "YearEntry".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let year = generator.subschema_for::<FiscalYear>();
        schemars::json_schema!({
            "description": "年度 — one row of the yearly table",
            "type": "object",
            "properties": {
                "year": {
                    "title": "年度",
                    "description": "行の年度。28・H28・R1・H31・2019・令和元年度 のように書きます。",
                    "allOf": [year]
                }
            },
            "required": ["year"],
            "additionalProperties": false
        })
    }
}
