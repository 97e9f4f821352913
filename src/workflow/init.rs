//! `init`: a new dataset for another plan or the next plan period, in an
//! empty folder: `plan.yaml` with the plan's keys, one annotated example
//! goal, the JSON Schema the files name, and a short guide. Every text to
//! replace starts with [`PLACEHOLDER`]; the loader refuses such a text, so
//! `check` on the fresh folder lists exactly what is still to fill.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::data::era::FiscalYear;
use crate::data::schema::schema_text;
use crate::data::validate::PLACEHOLDER;
use crate::data::{Diagnostic, LoadError};
use crate::documents::output::write_atomically;
use crate::messages;

/// The files of a new dataset, by path relative to its folder.
pub fn files(from: FiscalYear, to: FiscalYear) -> Vec<(PathBuf, String)> {
    let mark = PLACEHOLDER;
    let (from, to) = (from.row_label(), to.row_label());
    let plan = format!(
        r#"# yaml-language-server: $schema=schema.json
# 計画 — この計画の基本の情報です。{mark} で始まる見本の文を書き換えてください。
# データセットのどれか一つのファイルにだけ書きます。
plan:
  # 計画名（冊子の表紙と PDF の題名に印刷されます）
  title: {mark}計画の正式な名前（例：第三次防府市地域福祉計画・防府市地域福祉活動計画）
  # 策定者（冊子の表紙に印刷されます。団体ごとに一行）
  issuers:
    - {mark}策定した団体（例：防府市）
    - {mark}策定した団体（例：防府市社会福祉協議会）
  # 資料番号（資料8 の最初のシートの右上に印刷されます）
  packet_label: {mark}資料の番号（例：資料 8）
  # 計画期間（初年度と最終年度。R3・H28・2021 のように書きます）
  period:
    from: {from}
    to: {to}
  # 発行日（報告する年度ごとの発行日。冊子の表紙に印刷されます）
  # issued:
  #   {from}: 2022-07-15
  # 評価の段階（よいものから順に。書かなければ A・B・C・D。意味は冊子の凡例に印刷されます。
  # ranked: false の文字は件数に数えますが、上昇・低下の比較には入れません）
  # scale:
  #   - {{ letter: A, meaning: 計画以上に進んでいる }}
  #   - {{ letter: B, meaning: 計画どおりに進んでいる }}
  #   - {{ letter: C, meaning: 計画より遅れている }}
  #   - {{ letter: X, meaning: 未着手, ranked: false }}
  # 計画の体系（基本目標と施策の名前。基本目標ごとの評価も書けます）
  # structure:
  #   - basic_goal: I
  #     name: 地域で支え合う人づくり
  #     measures:
  #       - {{ measure: 1, name: 福祉意識の醸成 }}
  #     grades: {{ {from}: B }}
  # 評価の変化のページ（前の年度から評価が上がった・下がった実施目標の一覧を冊子に加えます）
  # changes_page: true
"#
    );
    let goal = format!(
        r#"# yaml-language-server: $schema=../schema.json
# 実施目標 No.1 — 見本の実施目標です。書き換えて使い、実施目標ごとに
# このファイルを写して goals/02.yaml、goals/03.yaml … を作ります。
#
# 文章の欄（内容・目標・特記事項・方向性・ねらい、年度の各欄）は、
# ふつうの文字列か、次のようなブロックの並びで書きます:
#   - 文字列だけ、または paragraph: …   段落
#   - list: [ …, … ]                    箇条書き（各項目の前に ・ が付きます）
#   - heading: 研修会                    見出し（【研修会】と印刷されます）
#   - table: [[a, b, c], [d, e, f]]     小さな表
# 複数行の文字列は |- のあとに字下げして書きます。書いたとおりに印刷されます。
goals:
  - no: 1                          # 実施目標 No.
    plan_code:                     # 実施目標計画CD（分からない部分は行ごと消します）
      basic_goal: I                #   基本目標: I・II・III
      measure: 1                   #   施策: 番号
      sub_measure: 1               #   細施策: 番号（(1) と印刷）か "-"
    content: {mark}実施目標の内容        # 内容
    target: {mark}実施目標の目標         # 目標
    schedule:                      # 年次計画
      segments:                    #   矢印（段階ごとに一つ。label: は矢印の上に印刷）
        - {{ from: {from}, to: {to} }}
      new: true                    #   新規の印
    notes: {mark}特記事項（なければこの行を消します）
    direction: {mark}方向性・ねらい
    programmes:                    # 関係取組・事業
      city:                        #   市: 事業名と担当課（〔 〕で印刷）
        - name: {mark}市の取組・事業の名前
          sections: [{mark}担当課]
      council:                     #   市社協: 事業名
        - {mark}市社協の取組・事業の名前
    # owners: [高齢福祉課]          # 担当（結果を書く担当課。記入用の Excel を担当ごとに作ります）
    years:                         # 年度ごとの行（古い年度から）
      - year: {from}
        activities: {mark}この年度に予定する取組の内容   # 取組の内容
        # 結果が出たら、次の欄を書き足します:
        # results: 行ったことと成果          # 内容と成果
        # challenges: 残った課題            # 課題
        # evaluation: B                     # 評価
        # remarks: 推進委員会の意見等        # 意見等
"#
    );
    let guide = format!(
        r#"# この計画のデータ

このフォルダは welfare-sheets のデータです。計画の進行管理シート（資料8）と冊子は、
ここに書いた内容から作られます。

| ファイル | 中身 |
|---|---|
| `plan.yaml` | 計画名・策定者・資料番号・計画期間 |
| `goals/01.yaml` | 見本の実施目標（注釈つき）。実施目標ごとに写して使います |
| `schema.json` | エディタ（VS Code など）の入力補助。書き換えません |

## はじめにすること

1. `{mark}` で始まる見本の文を、この計画の内容に書き換えます。
2. `welfare-sheets check --data このフォルダ` で点検します。書き換え忘れた見本の文は、
   場所（ファイル・行）つきで一覧になります。
3. 点検が通ったら `welfare-sheets build --data このフォルダ` で資料8と冊子を作ります。

ファイルは文字コード UTF-8 で保存してください（メモ帳なら「UTF-8」を選んで保存）。
"#
    );
    vec![
        (PathBuf::from("plan.yaml"), plan),
        (PathBuf::from("goals/01.yaml"), goal),
        (PathBuf::from("schema.json"), schema_text()),
        (PathBuf::from("README.md"), guide),
    ]
}

/// Writes a new dataset into `dir`, which must be missing or empty. Returns
/// the files written.
pub fn init(dir: &Path, from: FiscalYear, to: FiscalYear) -> Result<Vec<PathBuf>> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || dir.is_file() {
        return Err(LoadError::from(
            Diagnostic::error(messages::init_not_empty(dir))
                .with_hint(messages::init_not_empty_hint()),
        )
        .into());
    }
    let mut written = Vec::new();
    for (path, text) in files(from, to) {
        let path = dir.join(path);
        write_atomically(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
