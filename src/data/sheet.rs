//! The sheet, declared as data: which fields a goal and a year's row have,
//! their labels, kinds and widths, who fills them, and how the page is laid
//! out. Every field of the sheet is declared here once; the loader, the
//! checks, the JSON Schema, the view the documents print, the Excel forms,
//! `import`, `status` and `init` all read this declaration.
//!
//! A dataset declares its sheet with a `sheet:` section (in one file); a
//! dataset without one uses Hofu's second plan's sheet
//! (`templates/hofu-sheet.yaml`), so the bundled packet prints as it always
//! has.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::data::model::{Evaluation, Grade};
use crate::messages;

/// The declaration every dataset without a `sheet:` section uses.
pub const DEFAULT_TEXT: &str = include_str!("../../templates/hofu-sheet.yaml");

/// A file that holds only a sheet declaration (the default's form).
#[derive(Deserialize)]
struct SheetFile {
    sheet: Sheet,
}

/// 様式 — the sheet of a plan: its title, the goal's fields, the table at the
/// top, the indicators, and the yearly table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// 表題 — ページの上に印刷する表題。例: 実施目標計画　進行管理シート
    pub title: String,
    /// 実施目標計画CD の欄 — false で、表題の横の 実施目標計画CD の欄を印刷しません（実施目標 No. の欄は印刷します）。
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub code: bool,
    /// 実施目標の欄 — 年度によらない欄の並び（key・label・kind …）。
    #[serde(default)]
    pub fields: Vec<Field>,
    /// 上の表 — シートの上の表の並び。縦書きの見出しでまとめる欄（group と rows）か、一行の欄（row）。
    #[serde(default)]
    pub plan: Vec<PlanSection>,
    /// 指標 — 実施目標ごとの指標（基準値・目標値・実績値）の表。書いたときだけ印刷します。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicators: Option<Indicators>,
    /// 年度の表 — 年度ごとの表の列。
    pub years: YearTable,
    /// 並び — シートに印刷する順。plan（上の表）・indicators（指標）・years（年度の表）。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<Part>,
}

/// 並びの名前 — a part of the sheet, for [`Sheet::order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// 上の表
    Plan,
    /// 指標の表
    Indicators,
    /// 年度の表
    Years,
}

/// 欄 — one field of the sheet: a field of the goal, or a column of the
/// yearly table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// キー — データファイルに書くキー（半角の英小文字・数字・_）。例: results
    pub key: String,
    /// 見出し — シートに印刷する欄の見出し。例: 内容と成果
    pub label: String,
    /// 種類 — text（文章）・grade（評価の文字）・number（数値）・rate（率、計算）・derived（判定、計算）・choice（一覧から選ぶ）・owners（担当課）・schedule（年次計画）・programmes（関係取組・事業）。省くと text。
    #[serde(default, skip_serializing_if = "Kind::is_text")]
    pub kind: Kind,
    /// 記入する人 — plan（事務局）・section（担当課）・committee（推進委員会）。記入用の Excel で誰が書く欄かを決めます。省くと、実施目標の欄は plan、年度の欄は section。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Filler>,
    /// 必ず書く欄 — true で、年度の欄なら、空の実施目標を status が「足りない」と表示し、実施目標の欄なら、書いていないとエラーになります。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub asked: bool,
    /// 次の年度にも印刷 — true で、報告する年度の次の年度の行にもこの欄を印刷します（予定の欄）。年度の欄だけ。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plan: bool,
    /// 実施目標の名前 — true の欄を、目次・一覧・Excel で実施目標の名前として使います。実施目標の欄のうち一つだけ。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub name: bool,
    /// 計画の体系に載せる — true の欄を、冊子の計画の体系の表に載せます。実施目標の欄だけ。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub summary: bool,
    /// 説明 — 記入用の Excel の注釈とエディタの入力補助に出す説明。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 幅 — 年度の表の列の幅。48mm のような長さか、残りを分ける 1fr・2fr。省くと 1fr。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<Width>,
    /// まとめの見出し — 隣り合う列の上にまとめて印刷する見出し。例: 取組の結果
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// 単位 — 数値の単位。例: 人、件、%
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 小数の桁数 — 数値・率を印刷する小数の桁数。省くと、数値は書いたとおり、率は 1 桁。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// 分子 — 率（rate）の分子にする数値の列のキー。例: actual
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    /// 分母 — 率（rate）の分母にする数値の列のキー。例: target
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// もとの率 — 判定（derived）を求める率の列のキー。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// 判定のきまり — 判定（derived）をどう求めるか。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// 選択肢 — 一覧から選ぶ欄（choice）の選択肢。例: [拡充, 継続, 改善, 縮小, 統合, 廃止]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// 評価の段階 — この欄（grade・derived）で使う文字を、よいものから順に。grade で省くと計画の評価の段階（plan.scale）。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Grade>,
    /// 市の見出し — 関係取組・事業（programmes）の市の欄の見出し。省くと 市。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// 市社協の見出し — 関係取組・事業（programmes）の市社協の欄の見出し。省くと 市社協。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
}

/// 種類 — what a field holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 文章
    #[default]
    Text,
    /// 評価の文字
    Grade,
    /// 数値
    Number,
    /// 率（二つの数値から計算）
    Rate,
    /// 判定（率から決まりで計算）
    Derived,
    /// 一覧から選ぶ
    Choice,
    /// 担当課（実施目標の owners を印刷）
    Owners,
    /// 年次計画
    Schedule,
    /// 関係取組・事業
    Programmes,
}

impl Kind {
    fn is_text(&self) -> bool {
        *self == Kind::Text
    }

    /// Whether a value of this kind is typed by a person (a rate and a
    /// derived grade are computed; a derived grade may be overridden).
    pub fn is_typed(self) -> bool {
        !matches!(self, Kind::Rate)
    }

    /// The kinds a goal-level field may have.
    fn fits_goal(self) -> bool {
        matches!(
            self,
            Kind::Text
                | Kind::Number
                | Kind::Choice
                | Kind::Owners
                | Kind::Schedule
                | Kind::Programmes
        )
    }

    /// The kinds a column of the yearly table may have.
    fn fits_column(self) -> bool {
        matches!(
            self,
            Kind::Text | Kind::Grade | Kind::Number | Kind::Rate | Kind::Derived | Kind::Choice
        )
    }
}

/// 記入する人 — who writes a field.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Filler {
    /// 事務局（データを直接書く）
    Plan,
    /// 担当課（記入用の Excel）
    Section,
    /// 推進委員会（意見等の Excel）
    Committee,
}

/// 列の幅 — a fixed length in millimetres, or a share of what the fixed
/// columns leave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    Mm(f64),
    Fr(f64),
}

impl FromStr for Width {
    type Err = String;

    fn from_str(text: &str) -> Result<Width, String> {
        let text = text.trim();
        let number = |digits: &str| {
            digits
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| messages::width_unreadable(text))
        };
        if let Some(digits) = text.strip_suffix("mm") {
            return number(digits).map(Width::Mm);
        }
        if let Some(digits) = text.strip_suffix("fr") {
            return number(digits).map(Width::Fr);
        }
        Err(messages::width_unreadable(text))
    }
}

impl fmt::Display for Width {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Width::Mm(mm) => write!(f, "{mm}mm"),
            Width::Fr(fr) => write!(f, "{fr}fr"),
        }
    }
}

impl Serialize for Width {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Width {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Width, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Width {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Width".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "title": "幅",
            "description": "48mm のような長さか、1fr・2fr のような残りの分け方。",
            "type": "string",
            "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*(mm|fr)\\s*$"
        })
    }
}

/// 上の表の段 — one section of the table at the top of the sheet: a group
/// of rows under a vertical label, or one row with its label beside it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSection {
    /// まとめの見出し — 縦書きで左に印刷する見出し。例: 実施目標計画
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// まとめる欄 — group の見出しのもとに並べる欄のキー。例: [content, target, schedule, notes]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
    /// 一行の欄 — 見出しを左に付けて一行に印刷する欄のキー。例: direction
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
}

/// 年度の表 — the yearly table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearTable {
    /// 年度の見出し — 年度の列の見出し。例: 年度
    #[serde(default = "year_label")]
    pub label: String,
    /// 載せる年度 — all（計画期間の年度を一行ずつ）か one（報告する年度と、その横に前年度）。省くと all。
    #[serde(default, skip_serializing_if = "Layout::is_all")]
    pub layout: Layout,
    /// 列 — 年度の表の列の並び。
    pub columns: Vec<Field>,
}

fn year_label() -> String {
    "年度".to_owned()
}

/// 載せる年度 — which years a sheet's yearly table shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// 計画期間の年度を一行ずつ（報告する年度まで、次の年度は予定だけ）
    #[default]
    All,
    /// 報告する年度と、その横に前年度
    One,
}

impl Layout {
    fn is_all(&self) -> bool {
        *self == Layout::All
    }
}

/// 判定のきまり — how a derived grade follows from a rate or from an
/// indicator's baseline and target. Exactly one of the two is written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// しきい値 — 率（%）がこの値以上なら letter。上から順に調べ、min のない最後の行が残りです。例: [{ min: 80, letter: 順調 }, { min: 60, letter: やや遅れ }, { letter: 遅れ }]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// 基準値との比較 — 指標の実績値を目標値・基準値と比べます（指標の判定だけ）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineRule>,
}

/// しきい値 — one step of a threshold rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// 以上 — この率（%）以上のとき。最後の行では省きます。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// 判定 — そのときの文字。
    pub letter: Evaluation,
}

/// 基準値との比較 — the letters of the comparison of an actual value with
/// the indicator's target and baseline.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineRule {
    /// 同じとみなす幅 — 基準値の ±この % は「変わらない」とします。例: 10
    pub tolerance: f64,
    /// 目標値に達した — 例: S
    pub reached: Evaluation,
    /// 基準値よりよい — 例: A
    pub better: Evaluation,
    /// 基準値と変わらない — 例: B
    pub same: Evaluation,
    /// 基準値より悪い — 例: C
    pub worse: Evaluation,
    /// 判定できない — 実績値か基準値がないとき。例: −
    pub unknown: Evaluation,
}

/// 指標の表 — the indicators block: its labels, whether rates and grades
/// are computed, and whether a chart is drawn.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// 見出し — 指標の表の見出し。例: 成果指標
    pub label: String,
    /// 率の見出し — 達成率（実績値 ÷ 目標値）の見出し。省くと達成率を印刷しません。例: 達成率
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// 率の小数の桁数 — 省くと 1 桁。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// 判定 — 達成率などから自動で求める判定。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<IndicatorGrade>,
    /// グラフ — true で、指標ごとに実績値と目標値の折れ線グラフを印刷します。
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chart: bool,
}

/// 指標の判定 — the grade computed for each indicator and year.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGrade {
    /// 見出し — 例: 判定
    pub label: String,
    /// 判定のきまり — しきい値（達成率）か、基準値との比較。
    pub rule: Rule,
    /// 評価の段階 — 判定の文字を、よいものから順に（意味は冊子の凡例に印刷）。
    pub scale: Vec<Grade>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// Keys a goal has whatever its sheet declares.
pub const GOAL_KEYS: [&str; 5] = ["no", "plan_code", "owners", "indicators", "years"];

/// The key a yearly row has whatever its sheet declares.
pub const YEAR_KEY: &str = "year";

/// The widest the columns of the yearly table may be, in millimetres: the
/// A4-landscape body (297 mm less two 10 mm margins).
pub const BODY_WIDTH_MM: f64 = 277.0;

/// The width of the 年度 column, in millimetres.
pub const YEAR_COLUMN_MM: f64 = 9.0;

/// Narrowest a `fr` column may end up, in millimetres: about two characters.
const MIN_SHARE_MM: f64 = 8.0;

/// A problem with a sheet declaration, at a path relative to `sheet`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Sheet {
    /// Hofu's second plan's sheet, used when a dataset declares none.
    pub fn default_sheet() -> &'static Sheet {
        static DEFAULT: std::sync::OnceLock<Sheet> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(|| {
            let file: SheetFile =
                serde_yaml::from_str(DEFAULT_TEXT).expect("the bundled sheet declaration parses");
            assert!(
                file.sheet.problems().is_empty(),
                "the bundled sheet declaration is valid"
            );
            file.sheet
        })
    }

    /// The parts in the order printed.
    pub fn order(&self) -> Vec<Part> {
        if !self.order.is_empty() {
            return self.order.clone();
        }
        let mut parts = vec![Part::Plan];
        if self.indicators.is_some() {
            parts.push(Part::Indicators);
        }
        parts.push(Part::Years);
        parts
    }

    pub fn goal_field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn column(&self, key: &str) -> Option<&Field> {
        self.years.columns.iter().find(|f| f.key == key)
    }

    /// The goal-level field that names a goal in lists and contents.
    pub fn name_field(&self) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.name)
            .or_else(|| self.fields.iter().find(|f| f.kind == Kind::Text))
    }

    /// Who fills `field` of the yearly table (`column`) or of the goal.
    pub fn filler(field: &Field, column: bool) -> Filler {
        field.by.unwrap_or(if column {
            Filler::Section
        } else {
            Filler::Plan
        })
    }

    /// Whether the value at `path` (a file's, `goals[0].years[2].results`)
    /// holds prose: a declared text field of a goal or a row, a block's
    /// paragraph or heading, an arrow's phase, a programme's name. The slip
    /// checks are strict there.
    pub fn is_text_path(&self, path: &str) -> bool {
        let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
        let in_goal = parent.starts_with("goals[") && !parent.contains('.');
        let in_row = parent.starts_with("goals[")
            && parent
                .rsplit_once('.')
                .is_some_and(|(_, last)| last.starts_with("years["))
            && parent.matches('.').count() == 1;
        let declared = |field: Option<&Field>| field.is_some_and(|f| f.kind == Kind::Text);
        (in_goal && declared(self.goal_field(key)))
            || (in_row && declared(self.column(key)))
            || matches!(key, "paragraph" | "heading")
            || (key == "label" && parent.contains("segments["))
            || (key == "name" && parent.contains("city["))
    }

    /// Every problem with the declaration, each at its path relative to
    /// `sheet`: a key written twice or reserved, a field placed nowhere, a
    /// kind-specific setting on the wrong kind, a rate or a grade without
    /// what it is computed from, widths that do not fit the page.
    pub fn problems(&self) -> Vec<SheetProblem> {
        let mut out = Vec::new();
        let mut problem = |path: String, message: String, hint: Option<String>| {
            out.push(SheetProblem {
                path,
                message,
                hint,
            })
        };
        if self.title.trim().is_empty() {
            problem("title".into(), messages::sheet_label_missing(), None);
        }
        // The goal's fields.
        let mut seen = BTreeSet::new();
        for (i, field) in self.fields.iter().enumerate() {
            let path = format!("fields[{i}]");
            for (at, message) in field_problems(field, false) {
                problem(format!("{path}{at}"), message, None);
            }
            if GOAL_KEYS.contains(&field.key.as_str()) && field.kind != Kind::Owners {
                problem(
                    format!("{path}.key"),
                    messages::sheet_key_reserved(&field.key),
                    Some(messages::sheet_key_reserved_hint(&GOAL_KEYS)),
                );
            }
            if !seen.insert(field.key.as_str()) {
                problem(
                    format!("{path}.key"),
                    messages::sheet_key_twice(&field.key),
                    None,
                );
            }
        }
        if self.fields.iter().filter(|f| f.name).count() > 1 {
            let second = self
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.name)
                .nth(1);
            if let Some((i, _)) = second {
                problem(
                    format!("fields[{i}].name"),
                    messages::sheet_name_twice(),
                    None,
                );
            }
        }
        // Every goal field is placed once in the table at the top.
        let mut placed: Vec<&str> = Vec::new();
        for (s, section) in self.plan.iter().enumerate() {
            let path = format!("plan[{s}]");
            match (&section.group, &section.row) {
                (Some(_), None) if !section.rows.is_empty() => {}
                (Some(_), None) => problem(
                    format!("{path}.rows"),
                    messages::sheet_group_empty(),
                    Some(messages::sheet_group_empty_hint().into()),
                ),
                (None, Some(_)) if section.rows.is_empty() => {}
                _ => problem(
                    path.clone(),
                    messages::sheet_section_shape(),
                    Some(messages::sheet_section_shape_hint().into()),
                ),
            }
            if matches!(&section.group, Some(g) if g.trim().is_empty()) {
                problem(
                    format!("{path}.group"),
                    messages::sheet_label_missing(),
                    None,
                );
            }
            let keys = section
                .rows
                .iter()
                .enumerate()
                .map(|(r, key)| (format!("{path}.rows[{r}]"), key))
                .chain(section.row.iter().map(|key| (format!("{path}.row"), key)));
            for (at, key) in keys {
                if self.goal_field(key).is_none() {
                    problem(
                        at,
                        messages::sheet_unknown_field(key),
                        Some(messages::sheet_known_fields(
                            &self
                                .fields
                                .iter()
                                .map(|f| f.key.as_str())
                                .collect::<Vec<_>>(),
                        )),
                    );
                } else if placed.contains(&key.as_str()) {
                    problem(at, messages::sheet_placed_twice(key), None);
                } else {
                    placed.push(key);
                }
            }
        }
        for (i, field) in self.fields.iter().enumerate() {
            if !placed.contains(&field.key.as_str()) {
                problem(
                    format!("fields[{i}].key"),
                    messages::sheet_field_placed_nowhere(&field.label),
                    Some(messages::sheet_field_placed_nowhere_hint(&field.key)),
                );
            }
        }
        // The yearly table.
        let columns = &self.years.columns;
        if columns.is_empty() {
            problem("years.columns".into(), messages::sheet_no_columns(), None);
        }
        if self.years.label.trim().is_empty() {
            problem("years.label".into(), messages::sheet_label_missing(), None);
        }
        let mut seen = BTreeSet::new();
        for (i, column) in columns.iter().enumerate() {
            let path = format!("years.columns[{i}]");
            for (at, message) in field_problems(column, true) {
                problem(format!("{path}{at}"), message, None);
            }
            if column.key == YEAR_KEY {
                problem(
                    format!("{path}.key"),
                    messages::sheet_key_reserved(&column.key),
                    Some(messages::sheet_key_reserved_hint(&[YEAR_KEY])),
                );
            }
            if !seen.insert(column.key.as_str()) {
                problem(
                    format!("{path}.key"),
                    messages::sheet_key_twice(&column.key),
                    None,
                );
            }
            let number_column = |key: &Option<String>| {
                key.as_deref()
                    .and_then(|k| self.column(k))
                    .is_some_and(|c| c.kind == Kind::Number)
            };
            match column.kind {
                Kind::Rate => {
                    for (name, key) in [
                        ("numerator", &column.numerator),
                        ("denominator", &column.denominator),
                    ] {
                        if !number_column(key) {
                            problem(
                                format!("{path}.{name}"),
                                messages::sheet_rate_needs_numbers(name),
                                Some(messages::sheet_rate_needs_numbers_hint().into()),
                            );
                        }
                    }
                }
                Kind::Derived => {
                    let from_rate = column
                        .from
                        .as_deref()
                        .and_then(|k| self.column(k))
                        .is_some_and(|c| c.kind == Kind::Rate);
                    if !from_rate {
                        problem(
                            format!("{path}.from"),
                            messages::sheet_derived_needs_rate(),
                            None,
                        );
                    }
                    match &column.rule {
                        Some(rule) if rule.baseline.is_some() => problem(
                            format!("{path}.rule.baseline"),
                            messages::sheet_baseline_rule_for_indicators(),
                            None,
                        ),
                        Some(rule) => {
                            for (at, message) in rule_problems(rule, &column.scale) {
                                problem(format!("{path}.rule{at}"), message, None);
                            }
                        }
                        None => problem(
                            format!("{path}.rule"),
                            messages::sheet_derived_needs_rule(),
                            None,
                        ),
                    }
                    if column.scale.is_empty() {
                        problem(
                            format!("{path}.scale"),
                            messages::sheet_derived_needs_scale(),
                            None,
                        );
                    }
                }
                _ => {}
            }
        }
        let fixed: f64 = columns
            .iter()
            .filter_map(|c| match c.width {
                Some(Width::Mm(mm)) => Some(mm),
                _ => None,
            })
            .sum::<f64>()
            + YEAR_COLUMN_MM;
        let shares = columns
            .iter()
            .filter(|c| !matches!(c.width, Some(Width::Mm(_))))
            .count() as f64;
        if fixed + shares * MIN_SHARE_MM > BODY_WIDTH_MM {
            problem(
                "years.columns".into(),
                messages::sheet_too_wide(fixed, BODY_WIDTH_MM),
                Some(messages::sheet_too_wide_hint().into()),
            );
        }
        if let Some(indicators) = &self.indicators {
            if indicators.label.trim().is_empty() {
                problem(
                    "indicators.label".into(),
                    messages::sheet_label_missing(),
                    None,
                );
            }
            if let Some(grade) = &indicators.grade {
                for (at, message) in rule_problems(&grade.rule, &grade.scale) {
                    problem(format!("indicators.grade.rule{at}"), message, None);
                }
                if grade.scale.is_empty() {
                    problem(
                        "indicators.grade.scale".into(),
                        messages::sheet_derived_needs_scale(),
                        None,
                    );
                }
            }
        }
        for (i, part) in self.order.iter().enumerate() {
            if *part == Part::Indicators && self.indicators.is_none() {
                problem(
                    format!("order[{i}]"),
                    messages::sheet_order_without_indicators(),
                    None,
                );
            }
            if self.order[..i].contains(part) {
                problem(format!("order[{i}]"), messages::sheet_order_twice(), None);
            }
        }
        out
    }
}

/// What is wrong with one field on its own: its key and label, and the
/// settings that belong to another kind or to the other table.
fn field_problems(field: &Field, column: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let key_ok = !field.key.is_empty()
        && field.key.starts_with(|c: char| c.is_ascii_lowercase())
        && field
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !key_ok {
        out.push((".key".into(), messages::sheet_key_unreadable(&field.key)));
    }
    if field.label.trim().is_empty() {
        out.push((".label".into(), messages::sheet_label_missing()));
    }
    let fits = if column {
        field.kind.fits_column()
    } else {
        field.kind.fits_goal()
    };
    if !fits {
        out.push((".kind".into(), messages::sheet_kind_misplaced(column)));
    }
    if field.kind == Kind::Owners && field.key != "owners" {
        out.push((".key".into(), messages::sheet_owners_key()));
    }
    // Settings of another kind, or of the other table: a clerk who writes
    // them expects them to do something.
    let setting = |present: bool, name: &str, allowed: bool, out: &mut Vec<(String, String)>| {
        if present && !allowed {
            out.push((format!(".{name}"), messages::sheet_setting_misplaced(name)));
        }
    };
    let kind = field.kind;
    setting(field.width.is_some(), "width", column, &mut out);
    setting(field.group.is_some(), "group", column, &mut out);
    setting(field.plan, "plan", column, &mut out);
    setting(field.name, "name", !column && kind == Kind::Text, &mut out);
    setting(
        field.summary,
        "summary",
        !column && kind == Kind::Text,
        &mut out,
    );
    setting(field.unit.is_some(), "unit", kind == Kind::Number, &mut out);
    setting(
        field.decimals.is_some(),
        "decimals",
        matches!(kind, Kind::Number | Kind::Rate),
        &mut out,
    );
    setting(
        field.numerator.is_some(),
        "numerator",
        kind == Kind::Rate,
        &mut out,
    );
    setting(
        field.denominator.is_some(),
        "denominator",
        kind == Kind::Rate,
        &mut out,
    );
    setting(
        field.from.is_some(),
        "from",
        kind == Kind::Derived,
        &mut out,
    );
    setting(
        field.rule.is_some(),
        "rule",
        kind == Kind::Derived,
        &mut out,
    );
    setting(
        !field.choices.is_empty(),
        "choices",
        kind == Kind::Choice,
        &mut out,
    );
    setting(
        !field.scale.is_empty(),
        "scale",
        matches!(kind, Kind::Grade | Kind::Derived),
        &mut out,
    );
    setting(
        field.city.is_some(),
        "city",
        kind == Kind::Programmes,
        &mut out,
    );
    setting(
        field.council.is_some(),
        "council",
        kind == Kind::Programmes,
        &mut out,
    );
    if kind == Kind::Choice && field.choices.is_empty() {
        out.push((".choices".into(), messages::sheet_choice_needs_choices()));
    }
    if kind == Kind::Choice {
        for (i, choice) in field.choices.iter().enumerate() {
            if field.choices[..i].contains(choice) {
                out.push((
                    format!(".choices[{i}]"),
                    messages::sheet_choice_twice(choice),
                ));
            }
        }
    }
    for (i, grade) in field.scale.iter().enumerate() {
        if field.scale[..i].iter().any(|g| g.letter == grade.letter) {
            out.push((
                format!(".scale[{i}].letter"),
                messages::letter_twice(grade.letter.letter()),
            ));
        }
    }
    out
}

/// What is wrong with a rule: not exactly one of its forms, thresholds out
/// of order or without a last step, letters outside `scale`.
fn rule_problems(rule: &Rule, scale: &[Grade]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let in_scale =
        |letter: &Evaluation| scale.is_empty() || scale.iter().any(|g| g.letter == *letter);
    let letters: Vec<&str> = scale.iter().map(|g| g.letter.letter()).collect();
    match (rule.thresholds.is_empty(), &rule.baseline) {
        (false, None) => {
            let last = rule.thresholds.len() - 1;
            for (i, step) in rule.thresholds.iter().enumerate() {
                let path = format!(".thresholds[{i}]");
                match step.min {
                    None if i < last => {
                        out.push((path.clone(), messages::sheet_threshold_min_missing()))
                    }
                    Some(_) if i == last => {
                        out.push((path.clone(), messages::sheet_threshold_last()))
                    }
                    _ => {}
                }
                if let (Some(min), Some(previous)) = (
                    step.min,
                    i.checked_sub(1).and_then(|p| rule.thresholds[p].min),
                ) && min >= previous
                {
                    out.push((format!("{path}.min"), messages::sheet_threshold_order()));
                }
                if !in_scale(&step.letter) {
                    out.push((
                        format!("{path}.letter"),
                        messages::letter_not_in_scale(step.letter.letter(), &letters),
                    ));
                }
            }
        }
        (true, Some(baseline)) => {
            if !(baseline.tolerance.is_finite() && baseline.tolerance >= 0.0) {
                out.push((".baseline.tolerance".into(), messages::sheet_tolerance()));
            }
            for (name, letter) in [
                ("reached", &baseline.reached),
                ("better", &baseline.better),
                ("same", &baseline.same),
                ("worse", &baseline.worse),
                ("unknown", &baseline.unknown),
            ] {
                if !in_scale(letter) {
                    out.push((
                        format!(".baseline.{name}"),
                        messages::letter_not_in_scale(letter.letter(), &letters),
                    ));
                }
            }
        }
        _ => out.push((String::new(), messages::sheet_rule_shape())),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(yaml: &str) -> Sheet {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn the_bundled_declaration_is_hofus_sheet() {
        let sheet = Sheet::default_sheet();
        let labels: Vec<&str> = sheet
            .years
            .columns
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(
            labels,
            ["取組の内容", "内容と成果", "課題", "評価", "意見等"]
        );
        assert_eq!(sheet.name_field().map(|f| f.key.as_str()), Some("content"));
        assert_eq!(sheet.order(), [Part::Plan, Part::Years]);
    }

    #[test]
    fn widths_read_millimetres_and_shares() {
        assert_eq!("48mm".parse::<Width>(), Ok(Width::Mm(48.0)));
        assert_eq!(" 2fr ".parse::<Width>(), Ok(Width::Fr(2.0)));
        assert!("48".parse::<Width>().is_err());
        assert!("-3mm".parse::<Width>().is_err());
    }

    #[test]
    fn a_declaration_that_cannot_be_laid_out_says_where() {
        let bad = sheet(
            "title: t\nfields: [{ key: body, label: 内容 }, { key: extra, label: '' }]\nplan: [{ row: body }]\nyears:\n  columns:\n    - { key: a, label: A, width: 200mm }\n    - { key: b, label: B, width: 90mm, unit: 人 }\n    - { key: r, label: 率, kind: rate, numerator: a, denominator: b }\n",
        );
        let paths: Vec<String> = bad.problems().into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "fields[1].label",
                "fields[1].key",
                "years.columns[1].unit",
                "years.columns[2].numerator",
                "years.columns[2].denominator",
                "years.columns",
            ]
        );
    }
}
