//! The data model: what a dataset file says, field by field.
//!
//! Every field carries its Japanese sheet label in its doc comment; the same
//! labels name fields in error messages (see [`crate::labels`]).

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::era::FiscalYear;
use crate::reproducible::CalendarDate;

/// One YAML file of a dataset. A dataset is one file or a folder of files;
/// exactly one of them carries `plan`, and `goals` from all files are joined.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    /// 計画 — the plan's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// 実施目標 — the implementation goals, one sheet each.
    #[serde(default)]
    pub goals: Vec<Goal>,
}

/// 計画 — metadata printed on every sheet and on the booklet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 計画名 — e.g. 第二次防府市地域福祉計画・防府市地域福祉活動計画.
    pub title: String,
    /// 策定者 — the issuers, e.g. 防府市, 防府市社会福祉協議会.
    pub issuers: Vec<String>,
    /// 資料番号 — the packet label in the top-right corner of the first sheet, e.g. 資料 8.
    pub packet_label: String,
    /// 計画期間 — the plan's first and last fiscal year.
    pub period: Period,
    /// 発行日 — the date each year's report was issued, by reported fiscal
    /// year (`R1: 2020-07-15`); printed on the booklet's cover and used as the
    /// PDFs' creation date.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub issued: BTreeMap<FiscalYear, CalendarDate>,
}

/// 計画期間 — first and last fiscal year, both inclusive.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// 初年度 — first fiscal year (e.g. H28).
    pub from: FiscalYear,
    /// 最終年度 — last fiscal year (e.g. H32 = R2).
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

/// 実施目標 — one goal, printed as one 進行管理シート.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// 実施目標 No.
    pub no: u32,
    /// 実施目標計画CD — basic goal, measure, sub-measure; any part may be unknown.
    #[serde(default)]
    pub plan_code: PlanCode,
    /// 内容
    pub content: RichText,
    /// 目標
    pub target: RichText,
    /// 年次計画 — the arrows over the plan's years.
    #[serde(default)]
    pub schedule: Schedule,
    /// 特記事項
    #[serde(default)]
    pub notes: RichText,
    /// 方向性・ねらい
    #[serde(default)]
    pub direction: RichText,
    /// 関係取組・事業
    #[serde(default)]
    pub programmes: Programmes,
    /// 年度 — one row of the yearly table per fiscal year.
    #[serde(default)]
    pub years: Vec<YearEntry>,
}

/// 実施目標計画CD — the three cells of the header box.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlanCode {
    /// 基本目標 — I, II or III; absent when unknown.
    #[serde(default)]
    pub basic_goal: Option<BasicGoal>,
    /// 施策 — the measure number; absent when unknown.
    #[serde(default)]
    pub measure: Option<u32>,
    /// 細施策 — the parenthesised sub-measure number, or `"-"` for the dash
    /// the sheet prints; absent when unknown.
    #[serde(default)]
    pub sub_measure: Option<SubMeasure>,
}

/// 基本目標 in Roman numerals.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum BasicGoal {
    I,
    II,
    III,
}

impl BasicGoal {
    /// As printed in the CD box.
    pub fn label(self) -> &'static str {
        match self {
            BasicGoal::I => "I",
            BasicGoal::II => "II",
            BasicGoal::III => "III",
        }
    }
}

/// 細施策: a number printed as (n), or the dash.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum SubMeasure {
    Number(u32),
    Dash(Dash),
}

/// The literal `"-"` that stands for a sheet's dash cell.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// 矢印 — one arrow per phase, in order.
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// 新規 — the "new" mark beside the strip.
    #[serde(default)]
    pub new: bool,
}

/// One arrow of the 年次計画 strip.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// 開始年度
    pub from: FiscalYear,
    /// 終了年度
    pub to: FiscalYear,
    /// 段階 — the phase label printed on the arrow (e.g. 準備, 配置・整備).
    #[serde(default)]
    pub label: Option<String>,
}

/// 関係取組・事業 — the city's and the council's programmes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// 市 — the city's programmes with their responsible sections.
    #[serde(default)]
    pub city: Vec<CityProgramme>,
    /// 市社協 — the social welfare council's programmes.
    #[serde(default)]
    pub council: Vec<String>,
}

/// One city programme: its name, then its sections printed as 〔…、…〕.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CityProgramme {
    /// 事業名
    pub name: String,
    /// 担当課 — printed in 〔 〕 after the name.
    #[serde(default)]
    pub sections: Vec<String>,
}

/// 年度 — one row of the yearly table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// 年度
    pub year: FiscalYear,
    /// 取組の内容 — what was planned for the year.
    #[serde(default)]
    pub activities: RichText,
    /// 取組の結果：内容と成果 — what was done and achieved.
    #[serde(default)]
    pub results: RichText,
    /// 取組の結果：課題 — open problems.
    #[serde(default)]
    pub challenges: RichText,
    /// 評価 — A, B, C or D; absent before the year is evaluated.
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
    /// 意見等 — the committee's remarks.
    #[serde(default)]
    pub remarks: RichText,
}

impl YearEntry {
    /// Whether the row reports anything beyond its plan.
    pub fn has_results(&self) -> bool {
        self.evaluation.is_some()
            || !self.results.is_empty()
            || !self.challenges.is_empty()
            || !self.remarks.is_empty()
    }
}

/// 評価 — one letter.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evaluation {
    A,
    B,
    C,
    D,
}

impl Evaluation {
    pub fn letter(self) -> &'static str {
        match self {
            Evaluation::A => "A",
            Evaluation::B => "B",
            Evaluation::C => "C",
            Evaluation::D => "D",
        }
    }
}

/// A text cell: a plain string (line breaks kept as written) or a list of
/// blocks. Everything in it is literal text, never markup.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum RichText {
    #[default]
    Empty,
    Plain(String),
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

/// One block of a rich cell: a bare string is a paragraph; a one-key
/// mapping names the kind.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Block {
    Paragraph(String),
    Tagged(TaggedBlock),
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TaggedBlock {
    /// 段落
    Paragraph(String),
    /// 箇条書き — items printed after ・.
    List(Vec<String>),
    /// 見出し — printed in 【 】.
    Heading(String),
    /// 表 — rows of cells.
    Table(Vec<Vec<String>>),
}

/// The Japanese sheet label of a dataset key, for messages and the schema.
pub fn field_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "plan" => "計画",
        "title" => "計画名",
        "issuers" => "策定者",
        "packet_label" => "資料番号",
        "period" => "計画期間",
        "issued" => "発行日",
        "goals" => "実施目標",
        "no" => "実施目標 No.",
        "plan_code" => "実施目標計画CD",
        "basic_goal" => "基本目標",
        "measure" => "施策",
        "sub_measure" => "細施策",
        "content" => "内容",
        "target" => "目標",
        "schedule" => "年次計画",
        "segments" => "年次計画の矢印",
        "new" => "新規",
        "from" => "開始年度",
        "to" => "終了年度",
        "label" => "段階",
        "notes" => "特記事項",
        "direction" => "方向性・ねらい",
        "programmes" => "関係取組・事業",
        "city" => "市",
        "council" => "市社協",
        "name" => "事業名",
        "sections" => "担当課",
        "years" => "年度",
        "year" => "年度",
        "activities" => "取組の内容",
        "results" => "内容と成果",
        "challenges" => "課題",
        "evaluation" => "評価",
        "remarks" => "意見等",
        "paragraph" => "段落",
        "list" => "箇条書き",
        "heading" => "見出し",
        "table" => "表",
        _ => return None,
    })
}
