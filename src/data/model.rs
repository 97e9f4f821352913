//! The data model: what a dataset file says, field by field.
//!
//! Every field's doc comment starts with its Japanese sheet label, then
//! ` — ` and a short description for the clerk: the JSON Schema
//! (`welfare-sheets schema`, see [`crate::data::schema`]) turns them into each
//! field's title and description, and [`field_label`] gives the same labels
//! to error messages.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::data::date::CalendarDate;
use crate::data::era::FiscalYear;

/// データファイル — one YAML file of a dataset: `plan:` (in exactly one file
/// of the dataset) and/or `goals:` (the goals of all files are joined).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    /// 計画 — 計画名・策定者・資料番号・計画期間。データセットのどれか一つのファイルにだけ書きます。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
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

/// 実施目標 — one goal, printed as one 進行管理シート.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// 実施目標 No. — 実施目標の番号（1 以上、データセットの中で一つずつ）。シート右上の No. 欄に印刷されます。
    pub no: u32,
    /// 実施目標計画CD — 基本目標・施策・細施策の三つの欄。分からない部分は書かずにおきます。
    #[serde(default)]
    pub plan_code: PlanCode,
    /// 内容 — 実施目標の内容。文字列か、段落・箇条書き・見出し・表の並び。
    pub content: RichText,
    /// 目標 — 実施目標の目標。文字列か、段落・箇条書き・見出し・表の並び。
    pub target: RichText,
    /// 年次計画 — 計画期間の年度の上に引く矢印と「新規」の印。
    #[serde(default)]
    pub schedule: Schedule,
    /// 特記事項 — 特記事項の欄（なければ書かずにおきます）。
    #[serde(default)]
    pub notes: RichText,
    /// 方向性・ねらい — 方向性・ねらいの欄。
    #[serde(default)]
    pub direction: RichText,
    /// 関係取組・事業 — 市と市社協の関係取組・事業。
    #[serde(default)]
    pub programmes: Programmes,
    /// 担当 — この実施目標の結果を書く担当課の並び（例 `[高齢福祉課, 市社協 地域福祉係]`）。記入用の Excel を担当ごとに作るときに使います。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// 年度 — 年度ごとの表の行。古い年度から順に、一つの年度は一度だけ書きます。
    #[serde(default)]
    pub years: Vec<YearEntry>,
}

/// 実施目標計画CD — the three cells of the header box.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCode {
    /// 基本目標 — ローマ数字 I・II・III のいずれか。分からなければ書かずにおきます。
    #[serde(default)]
    pub basic_goal: Option<BasicGoal>,
    /// 施策 — 施策の番号。分からなければ書かずにおきます。
    #[serde(default)]
    pub measure: Option<u32>,
    /// 細施策 — 細施策の番号（(1) のように印刷）か、ダッシュを印刷する "-"。分からなければ書かずにおきます。
    #[serde(default)]
    pub sub_measure: Option<SubMeasure>,
}

/// 基本目標 — I, II or III (Roman numerals).
#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, JsonSchema,
)]
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
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// 市 — 市の取組・事業と担当課の並び。
    #[serde(default)]
    pub city: Vec<CityProgramme>,
    /// 市社協 — 市社会福祉協議会の取組・事業の名前の並び。
    #[serde(default)]
    pub council: Vec<String>,
}

impl Programmes {
    /// The city's programmes as the packet prints them: one run joined by
    /// 、, each followed by its sections in 〔…、…〕.
    pub fn city_line(&self) -> String {
        self.city
            .iter()
            .map(|p| {
                if p.sections.is_empty() {
                    p.name.clone()
                } else {
                    format!("{}〔{}〕", p.name, p.sections.join("、"))
                }
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The council's programmes as the packet prints them: one run joined by 、.
    pub fn council_line(&self) -> String {
        self.council.join("、")
    }
}

/// 市の取組・事業 — its name, then its sections printed as 〔…、…〕.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CityProgramme {
    /// 事業名 — 取組・事業の名前。
    pub name: String,
    /// 担当課 — 事業名のあとに〔 〕で印刷する担当課の並び。
    #[serde(default)]
    pub sections: Vec<String>,
}

/// 年度 — one row of the yearly table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// 年度 — 行の年度。28・H28・R1・H31・2019・令和元年度 のように書きます。
    pub year: FiscalYear,
    /// 取組の内容 — その年度に予定した取組。
    #[serde(default)]
    pub activities: RichText,
    /// 内容と成果 — 取組の結果のうち、行ったことと成果。
    #[serde(default)]
    pub results: RichText,
    /// 課題 — 取組の結果のうち、残った課題。
    #[serde(default)]
    pub challenges: RichText,
    /// 評価 — 計画の評価の段階の文字（ふつうは A・B・C・D）。まだ評価していない年度は書かずにおきます。
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
    /// 意見等 — 推進委員会の意見等。
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

/// The Japanese sheet label of a dataset key, for messages and the schema.
pub fn field_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "plan" => "計画",
        "title" => "計画名",
        "issuers" => "策定者",
        "packet_label" => "資料番号",
        "period" => "計画期間",
        "issued" => "発行日",
        "legend" => "評価の凡例",
        "scale" => "評価の段階",
        "letter" => "評価の文字",
        "meaning" => "意味",
        "ranked" => "順位づけ",
        "structure" => "計画の体系",
        "grades" => "基本目標の評価",
        "measures" => "施策",
        "changes_page" => "評価の変化のページ",
        "goals" => "実施目標",
        "owners" => "担当",
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
