//! `init`: a new dataset in an empty folder, for another plan or for the
//! next plan period.
//!
//! A fresh plan gets `plan.yaml` with the plan's keys, one annotated example
//! goal written from the sheet's declaration (every field it declares, with
//! its label), the JSON Schema the files name, and a short guide. The next
//! plan from this one (`--from DATA`) gets the previous plan's goals carried
//! over: their CD, every field but the target (to be set anew) and the
//! schedule (an arrow over the new period), 特記事項 set to
//! 「旧実施目標No.Nを継承」 as the sheets print it, owners and indicators (the
//! last actual value becomes the baseline), and no years yet.
//!
//! Every text to replace starts with [`PLACEHOLDER`]; the loader refuses
//! such a text, so `check` on the fresh folder lists exactly what is still to
//! fill.

use std::path::PathBuf;

use crate::data::edit::{self, Value as EditValue};
use crate::data::era::FiscalYear;
use crate::data::model::{Goal, RichText, Value};
use crate::data::schema::schema_text;
use crate::data::sheet::{Filler, Kind, Sheet};
use crate::data::validate::PLACEHOLDER;
use crate::data::{Dataset, Diagnostic, load_dataset};
use crate::documents::failure::Outcome;
use crate::documents::output::write_all_atomically;
use crate::messages;

/// What `init` was asked.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// The new plan's first and last year.
    pub from: FiscalYear,
    pub to: FiscalYear,
    /// The dataset of the plan the new one follows, when starting the next
    /// plan period from it.
    pub previous: Option<PathBuf>,
}

/// The plan's keys, annotated; the previous plan's where there is one.
fn plan_file(from: FiscalYear, to: FiscalYear, previous: Option<&Dataset>) -> String {
    let mark = PLACEHOLDER;
    let (from, to) = (from.row_label(), to.row_label());
    let title = match previous {
        Some(previous) => format!(
            "{mark}計画の正式な名前（前の計画: {}）",
            previous.plan.title
        ),
        None => format!(
            "{mark}計画の正式な名前（例：第三次防府市地域福祉計画・防府市地域福祉活動計画）"
        ),
    };
    let issuers = match previous {
        Some(previous) => previous
            .plan
            .issuers
            .iter()
            .map(|i| format!("    - {}\n", edit::scalar(i, false)))
            .collect::<String>(),
        None => format!(
            "    - {mark}策定した団体（例：防府市）\n    - {mark}策定した団体（例：防府市社会福祉協議会）\n"
        ),
    };
    let label = match previous {
        Some(previous) => edit::scalar(&previous.plan.packet_label, false),
        None => format!("{mark}資料の番号（例：資料 8）"),
    };
    // The previous plan's own scale, when it had one.
    let carried = previous.filter(|p| !p.plan.scale.is_empty() || !p.plan.legend.is_empty());
    let scale = match carried {
        Some(previous) => {
            let mut lines = String::from("  scale:\n");
            for grade in previous.plan.grades() {
                let meaning = grade
                    .meaning
                    .map(|m| format!(", meaning: {}", edit::scalar(&m, true)))
                    .unwrap_or_default();
                let ranked = if grade.ranked { "" } else { ", ranked: false" };
                lines += &format!(
                    "    - {{ letter: {}{meaning}{ranked} }}\n",
                    edit::scalar(grade.letter.letter(), true)
                );
            }
            lines
        }
        None => "  # scale:\n  #   - { letter: A, meaning: 計画以上に進んでいる }\n  #   - { letter: B, meaning: 計画どおりに進んでいる }\n  #   - { letter: C, meaning: 計画より遅れている }\n  #   - { letter: X, meaning: 未着手, ranked: false }\n".to_owned(),
    };
    let title = edit::scalar(&title, false);
    format!(
        r#"# yaml-language-server: $schema=schema.json
# 計画 — この計画の基本の情報です。{mark} で始まる見本の文を書き換えてください。
# データセットのどれか一つのファイルにだけ書きます。
plan:
  # 計画名（冊子の表紙と PDF の題名に印刷されます）
  title: {title}
  # 策定者（冊子の表紙に印刷されます。団体ごとに一行）
  issuers:
{issuers}  # 資料番号（資料8 の最初のシートの右上に印刷されます）
  packet_label: {label}
  # 計画期間（初年度と最終年度。R3・H28・2021 のように書きます）
  period:
    from: {from}
    to: {to}
  # 発行日（報告する年度ごとの発行日。冊子の表紙に印刷されます）
  # issued:
  #   {from}: 2022-07-15
  # 評価の段階（よいものから順に。書かなければ A・B・C・D。意味は冊子の凡例に印刷されます。
  # ranked: false の文字は件数に数えますが、上昇・低下の比較には入れません）
{scale}  # 計画の体系（基本目標と施策の名前。基本目標ごとの評価も書けます）
  # structure:
  #   - basic_goal: I
  #     name: 地域で支え合う人づくり
  #     measures:
  #       - {{ measure: 1, name: 福祉意識の醸成 }}
  #     grades: {{ {from}: B }}
  # 評価の変化のページ（前の年度から評価が上がった・下がった実施目標の一覧を冊子に加えます）
  # changes_page: true
"#
    )
}

/// `key: text  # label` under a mapping indented by `indent`.
fn text_line(key: &str, text: &str, label: &str, indent: usize) -> String {
    let line = edit::render(
        key,
        &EditValue::Text(&RichText::Plain(text.to_owned())),
        indent,
    );
    match line.strip_suffix('\n') {
        Some(one) if !one.contains('\n') => format!("{one}   # {label}\n"),
        _ => line,
    }
}

/// The annotated example goal of a fresh plan on `sheet`.
fn example_goal(sheet: &Sheet, from: FiscalYear, to: FiscalYear) -> String {
    let mark = PLACEHOLDER;
    let (from, to) = (from.row_label(), to.row_label());
    let mut out = String::from(
        r#"# yaml-language-server: $schema=../schema.json
# 実施目標 No.1 — 見本の実施目標です。書き換えて使い、実施目標ごとに
# このファイルを写して goals/02.yaml、goals/03.yaml … を作ります。
#
# 文章の欄は、ふつうの文字列か、次のようなブロックの並びで書きます:
#   - 文字列だけ、または paragraph: …   段落
#   - list: [ …, … ]                    箇条書き（各項目の前に ・ が付きます）
#   - heading: 研修会                    見出し（【研修会】と印刷されます）
#   - table: [[a, b, c], [d, e, f]]     小さな表
# 複数行の文字列は |- のあとに字下げして書きます。書いたとおりに印刷されます。
# 注釈（#）は値から二つ以上の空白をあけて書きます。
goals:
  - no: 1                          # 実施目標 No.
"#,
    );
    if sheet.code {
        out += "    plan_code:                     # 実施目標計画CD（分からない部分は行ごと消します）\n";
        out += "      basic_goal: I                #   基本目標: I・II・III など\n";
        out += "      measure: 1                   #   施策: 番号\n";
        out += "      sub_measure: 1               #   細施策: 番号（(1) と印刷）か \"-\"\n";
    }
    for field in &sheet.fields {
        let label = &field.label;
        let key = &field.key;
        match field.kind {
            Kind::Text => out += &text_line(key, &format!("{mark}{label}"), label, 4),
            Kind::Schedule => {
                out += &format!("    {key}:                     # {label}\n");
                out += "      segments:                    #   矢印（段階ごとに一つ。label: は矢印の上に印刷）\n";
                out += &format!("        - {{ from: {from}, to: {to} }}\n");
                out += "      new: true                    #   新規の印\n";
            }
            Kind::Programmes => {
                let city = field.city.as_deref().unwrap_or(messages::city_label());
                let council = field
                    .council
                    .as_deref()
                    .unwrap_or(messages::council_label());
                out += &format!("    {key}:                   # {label}\n");
                out += &format!(
                    "      city:                        #   {city}: 事業名と担当課（〔 〕で印刷）\n"
                );
                out += &format!("        - name: {mark}{city}の取組・事業の名前\n");
                out += &format!("          sections: [{mark}担当課]\n");
                out += &format!("      council:                     #   {council}: 事業名\n");
                out += &format!("        - {mark}{council}の取組・事業の名前\n");
            }
            Kind::Number => {
                let unit = field.unit.as_deref().unwrap_or_default();
                out += &format!("    # {key}: 100                   # {label}（数値{unit}）\n");
            }
            Kind::Choice => {
                out += &format!(
                    "    # {key}: {}                   # {label}（{} のどれか）\n",
                    field
                        .choices
                        .first()
                        .map(String::as_str)
                        .unwrap_or_default(),
                    field.choices.join("・")
                )
            }
            Kind::Owners => out += &format!("    owners: [{mark}担当課]          # {label}\n"),
            _ => {}
        }
    }
    if !sheet.fields.iter().any(|f| f.kind == Kind::Owners) {
        out += "    # owners: [高齢福祉課]          # 担当（結果を書く担当課。記入用の Excel を担当ごとに作ります）\n";
    }
    if let Some(indicators) = &sheet.indicators {
        out += &format!(
            "    indicators:                    # {}\n",
            indicators.label
        );
        out += &format!("      - name: {mark}指標の名前\n");
        out += "        unit: 人                     #   単位\n";
        out +=
            &format!("        baseline: {{ year: {from}, value: 100 }}   #   基準値とその年度\n");
        out += &format!(
            "        target: {{ {to}: 150 }}        #   目標値（年度ごと、または最終年度だけ）\n"
        );
        out += "        # actual: { … }             #   実績値（年度ごと。記入用の Excel で集めます）\n";
    }
    out += "    years:                         # 年度ごとの行（古い年度から）\n";
    out += &format!("      - year: {from}\n");
    let (planned, results): (Vec<_>, Vec<_>) = sheet
        .years
        .columns
        .iter()
        .filter(|c| c.kind.is_typed() && c.kind != Kind::Derived)
        .partition(|c| c.plan);
    for column in planned {
        out += &text_line(
            &column.key,
            &format!("{mark}この年度に予定する{}", column.label),
            &column.label,
            8,
        );
    }
    if !results.is_empty() {
        out += "        # 結果が出たら、次の欄を書き足します（記入用の Excel で集めることもできます）:\n";
    }
    for column in results {
        let example = match column.kind {
            Kind::Grade => column
                .scale
                .first()
                .map_or("B".to_owned(), |g| g.letter.letter().to_owned()),
            Kind::Number => "100".to_owned(),
            Kind::Choice => column.choices.first().cloned().unwrap_or_default(),
            _ => match Sheet::filler(column, true) {
                Filler::Committee => "推進委員会の意見等".to_owned(),
                _ => column.label.clone(),
            },
        };
        out += &format!("        # {}: {example}   # {}\n", column.key, column.label);
    }
    out
}

/// The goal of the previous plan, carried into the next one.
fn carried_goal(goal: &Goal, sheet: &Sheet, from: FiscalYear, to: FiscalYear) -> String {
    let mark = PLACEHOLDER;
    let mut out = format!(
        "# yaml-language-server: $schema=../schema.json\n# 実施目標 No.{} — 前の計画の実施目標 No.{} を引き継いだものです。\n# {mark} で始まる欄（目標など）を、新しい計画に合わせて書き換えてください。\ngoals:\n  - no: {}\n",
        goal.no, goal.no, goal.no
    );
    if goal.plan_code != Default::default() {
        let code = serde_yaml::to_string(&goal.plan_code).expect("the model serialises");
        out += "    plan_code:\n";
        for line in code.lines() {
            out += &format!("      {line}\n");
        }
    }
    for field in &sheet.fields {
        let key = &field.key;
        let value = goal.fields.get(key);
        match (field.kind, value) {
            (Kind::Text, _) if key == "notes" => {
                out += &text_line(key, &messages::carried_over(goal.no), &field.label, 4);
            }
            (Kind::Text, _) if key == "target" => {
                let old = crate::data::text::one_line(&goal.fields.text(key).plain_text());
                out += &text_line(
                    key,
                    &format!("{mark}新しい目標（前の計画: {old}）"),
                    &field.label,
                    4,
                );
            }
            (Kind::Text, Some(Value::Text(text))) => {
                out += &edit::render(key, &EditValue::Text(text), 4);
            }
            (Kind::Schedule, _) => {
                out += &format!(
                    "    {key}:\n      segments:\n        - {{ from: {}, to: {} }}\n",
                    from.row_label(),
                    to.row_label()
                );
            }
            (Kind::Owners, _) => {}
            (_, Some(value)) => {
                let yaml = serde_yaml::to_string(value).expect("the model serialises");
                out += &format!("    {key}:\n");
                for line in yaml.lines() {
                    out += &format!("      {line}\n");
                }
            }
            _ => {}
        }
    }
    if !goal.owners.is_empty() {
        let owners: Vec<String> = goal.owners.iter().map(|o| edit::scalar(o, true)).collect();
        out += &format!("    owners: [{}]\n", owners.join(", "));
    }
    if !goal.indicators.is_empty() {
        out += "    indicators:\n";
        for indicator in &goal.indicators {
            out += &format!("      - name: {}\n", edit::scalar(&indicator.name, false));
            if let Some(unit) = &indicator.unit {
                out += &format!("        unit: {}\n", edit::scalar(unit, false));
            }
            // The last value the old plan measured is where the new one starts.
            let last = indicator
                .actual
                .iter()
                .next_back()
                .map(|(y, n)| (*y, *n))
                .or_else(|| indicator.baseline.as_ref().map(|b| (b.year, b.value)));
            if let Some((year, value)) = last {
                out += &format!(
                    "        baseline: {{ year: {}, value: {} }}\n",
                    year.row_label(),
                    value.display(None).replace(',', "")
                );
            }
            out += &format!(
                "        target: {{ {}: 0 }}   # {mark}目標値を書き換えてください\n",
                to.row_label()
            );
        }
    }
    out += "    years: []\n";
    out
}

/// The guide of a new dataset.
fn guide() -> String {
    let mark = PLACEHOLDER;
    format!(
        r#"# この計画のデータ

このフォルダは welfare-sheets のデータです。計画の進行管理シート（資料8）と冊子は、
ここに書いた内容から作られます。

| ファイル | 中身 |
|---|---|
| `plan.yaml` | 計画名・策定者・資料番号・計画期間 |
| `goals/01.yaml` … | 実施目標（一つずつ）。`01.yaml` を写して増やします |
| `sheet.yaml` | シートの様式（あるときだけ。ないときは防府市の様式です） |
| `schema.json` | エディタ（VS Code など）の入力補助。書き換えません |

## はじめにすること

1. `{mark}` で始まる見本の文を、この計画の内容に書き換えます。
2. `welfare-sheets check --data このフォルダ` で点検します。書き換え忘れた見本の文は、
   場所（ファイル・行）つきで一覧になります。
3. 点検が通ったら `welfare-sheets build --data このフォルダ` で資料8と冊子を作ります。

ファイルは文字コード UTF-8 で保存してください（メモ帳なら「UTF-8」を選んで保存）。
"#
    )
}

/// The files of a new dataset, by path relative to its folder.
fn files(options: &InitOptions, previous: Option<&Dataset>) -> Vec<(PathBuf, String)> {
    let sheet = previous.map_or(Sheet::default_sheet(), |p| p.sheet());
    let mut files = vec![(
        PathBuf::from("plan.yaml"),
        plan_file(options.from, options.to, previous),
    )];
    match previous {
        Some(previous) => {
            if let Some((sheet, _)) = &previous.sheet {
                let yaml = serde_yaml::to_string(&serde_yaml::Mapping::from_iter([(
                    "sheet".into(),
                    serde_yaml::to_value(sheet).expect("the sheet serialises"),
                )]))
                .expect("the sheet serialises");
                files.push((
                    PathBuf::from("sheet.yaml"),
                    format!("# yaml-language-server: $schema=schema.json\n# 進行管理シートの様式 — 前の計画の様式を引き継いだものです。\n{yaml}"),
                ));
            }
            for goal in &previous.goals {
                files.push((
                    PathBuf::from(format!("goals/{:02}.yaml", goal.no)),
                    carried_goal(goal, sheet, options.from, options.to),
                ));
            }
        }
        None => files.push((
            PathBuf::from("goals/01.yaml"),
            example_goal(sheet, options.from, options.to),
        )),
    }
    files.push((
        PathBuf::from("schema.json"),
        schema_text(sheet, previous.map(|p| &p.plan)),
    ));
    files.push((PathBuf::from("README.md"), guide()));
    files
}

/// Writes a new dataset into `options.dir`, which must be missing or
/// empty, all files or none. Returns the files written.
pub fn init(options: &InitOptions) -> Outcome<Vec<PathBuf>> {
    let dir = &options.dir;
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || dir.is_file() {
        return Err(Diagnostic::error(messages::init_not_empty(dir))
            .with_hint(messages::init_not_empty_hint())
            .into());
    }
    let previous = match &options.previous {
        Some(data) => Some(load_dataset(data)?),
        None => None,
    };
    let writes: Vec<(PathBuf, Vec<u8>)> = files(options, previous.as_ref())
        .into_iter()
        .map(|(path, text)| (dir.join(path), text.into_bytes()))
        .collect();
    write_all_atomically(&writes)?;
    Ok(writes.into_iter().map(|(path, _)| path).collect())
}
