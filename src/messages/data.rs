//! What the data stage says: reading files, YAML and its values, the dataset as a whole, the sheet declaration.

use std::fmt::Display;
use std::io;
use std::path::Path;

use super::io_reason;

// ------------------------------------------------------------ reading data

/// The data at `path` cannot be read; `path` in full, since a clerk who
/// double-clicked a launcher does not know which folder it looked in.
pub fn data_unreadable(path: &Path, err: &io::Error) -> String {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    format!(
        "データが読めません: {}（{}）",
        full.display(),
        io_reason(err)
    )
}
pub fn data_unreadable_hint() -> &'static str {
    "--data に YAML ファイルかそのフォルダを指定してください。ダブルクリックで使うときは、データのフォルダをこのプログラムと同じフォルダに data の名前で置くか、データのフォルダを .cmd のファイルに重ねて落としてください"
}
pub fn folder_unreadable(err: &io::Error) -> String {
    format!("フォルダが読めません（{}）", io_reason(err))
}
pub fn file_unreadable(err: &io::Error) -> String {
    format!("ファイルが読めません（{}）", io_reason(err))
}
pub fn no_yaml_files() -> &'static str {
    "YAML ファイル (.yaml / .yml) がありません"
}
pub fn file_too_large(kib: usize) -> String {
    format!("ファイルが大きすぎます（{kib} KiB を超えています）")
}
pub fn file_too_large_hint() -> &'static str {
    "データのファイルは 1 目標で 10 KB ほどです。ファイルを分けるか、別のファイルを指定していないか確かめてください"
}
pub fn encoding_utf16() -> &'static str {
    "文字コードが UTF-16 です。UTF-8 で保存してください"
}
pub fn encoding_shift_jis() -> &'static str {
    "文字コードが Shift_JIS（CP932）です。UTF-8 で保存してください"
}
pub fn encoding_unknown() -> &'static str {
    "文字コードが UTF-8 ではありません。UTF-8 で保存してください"
}
pub fn save_as_utf8_hint() -> &'static str {
    "エディタ（メモ帳・VS Code など）で文字コードに「UTF-8」を選んで保存し直してください"
}
pub fn file_empty() -> &'static str {
    "ファイルが空です"
}
pub fn file_empty_hint() -> &'static str {
    "plan: か goals: を書くか、ファイルを削除してください"
}
pub fn nesting_too_deep(max: usize) -> String {
    format!("入れ子が深すぎます（{max} 段まで）")
}
pub fn nesting_too_deep_hint() -> &'static str {
    "データの形は goals → years → results → table のように 10 段ほどです。括弧 [ { の閉じ忘れがないか確かめてください"
}
pub fn aliases_too_large(max: u64) -> String {
    format!("エイリアス（*名前）を展開すると大きすぎます（{max} 個の値を超えます）")
}
pub fn no_aliases_hint() -> &'static str {
    "& と * を使わずに、値をそのまま書いてください"
}
pub fn too_many_values(max: u64) -> String {
    format!("値が多すぎます（一つのファイルに {max} 個まで）")
}
pub fn too_many_values_hint() -> &'static str {
    "データのファイルではないものを指定していないか確かめてください。多すぎるときはファイルを分けてください"
}

/// A YAML syntax error: what it means, and what usually fixes it. `parser`
/// is the YAML parser's own (English) message, read only to choose the hint.
pub fn yaml_syntax(parser: &str) -> (String, String) {
    let hint = if parser.contains("tab") {
        "字下げにタブは使えません。空白で字下げしてください"
    } else if parser.contains("mapping values are not allowed") {
        "「キー: 値」の値の中に「: 」があるときは、値全体を \"…\" で囲んでください"
    } else if parser.contains("expected ',' or ']'") {
        "[ を閉じる ] が足りないか、項目の間の , が抜けています"
    } else if parser.contains("expected ',' or '}'") {
        "{ を閉じる } が足りないか、項目の間の , が抜けています"
    } else if parser.contains("quoted scalar") {
        "引用符（\" または '）が閉じていません"
    } else if parser.contains("did not find expected key")
        || parser.contains("block mapping")
        || parser.contains("block sequence")
        || parser.contains("indentation")
    {
        "字下げ（行頭の空白の数）がそろっているか確かめてください"
    } else {
        "この行かその前の行の書き方を確かめてください"
    };
    ("YAML の書き方に誤りがあります".to_owned(), hint.to_owned())
}

/// A value kind as serde names it (`a sequence`, `string "x"`, `u32`), in
/// the clerk's words.
fn value_kind(kind: &str) -> String {
    let kind = kind.trim();
    if let Some(rest) = kind.strip_prefix("string ") {
        return format!("文字列 {rest}");
    }
    if let Some(rest) = kind
        .strip_prefix("integer ")
        .or_else(|| kind.strip_prefix("floating point "))
    {
        return format!("数 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = kind.strip_prefix("boolean ") {
        return format!("真偽値 {}", rest.trim_matches('`'));
    }
    let known = match kind {
        "sequence" | "a sequence" => "リスト（- の並び や [ ]）",
        "map" | "a map" => "「キー: 値」の組",
        "unit value" | "null" => "空の値",
        "u32" | "u64" | "u16" | "u8" => "0 以上の整数",
        "a string" | "string" => "文字列",
        "a boolean" | "boolean" => "true か false",
        "a number" => "数",
        "a date such as 2020-07-15" => "日付（2020-07-15 のように）",
        "a fiscal year such as 28, H28, R1 or 2019" => "年度（28・H28・R1・2019 など）",
        _ if kind.starts_with("struct ") || kind.starts_with("a map") => "「キー: 値」の組",
        _ => "決まった形の値",
    };
    known.to_owned()
}

pub fn unknown_key(name: &str) -> String {
    format!("「{name}」という項目はありません")
}
pub fn did_you_mean(key: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("もしかして「{key}」（{label}）ですか？"),
        None => format!("もしかして「{key}」ですか？"),
    }
}
pub fn no_keys_here() -> &'static str {
    "この場所には項目を書けません"
}
pub fn keys_allowed(keys: &[&str]) -> String {
    format!("使える項目: {}", keys.join(", "))
}
pub fn missing_key(name: &str, label: Option<&str>) -> String {
    let label = label.map(|l| format!("（{l}）")).unwrap_or_default();
    format!("必須の項目「{name}」{label}がありません")
}
pub fn add_key_hint(name: &str) -> String {
    format!("{name}: を書き足してください")
}
/// A letter outside the plan's scale; `letters` lists the scale in order.
pub fn letter_not_in_scale(value: &str, letters: &[&str]) -> String {
    format!(
        "\"{value}\" は使えません（{} のいずれか）",
        letters.join("・")
    )
}
pub fn no_evaluation_yet_hint(key: &str) -> String {
    format!("評価がまだないときは {key}: の行ごと消してください")
}
pub fn basic_goal_unknown(value: &str) -> String {
    format!("\"{value}\" は使えません（I・II・III のようなローマ数字で、X まで）")
}
pub fn basic_goal_unknown_hint() -> &'static str {
    "分からないときは basic_goal: の行ごと消してください"
}
pub fn value_not_allowed(value: &str) -> String {
    format!("\"{value}\" は使えません")
}
pub fn text_shape_unreadable() -> &'static str {
    "文章の形が読めません"
}
pub fn text_shape_hint() -> &'static str {
    "文字列か、段落・箇条書き (list:)・見出し (heading:)・表 (table:) のリストで書いてください"
}
pub fn sub_measure_unreadable() -> &'static str {
    "細施策は番号か \"-\" で書いてください"
}
pub fn sub_measure_hint() -> &'static str {
    "分からないときは sub_measure: の行ごと消してください"
}
pub fn wrong_kind(expected: &str, found: &str) -> String {
    format!(
        "値の種類が違います（{}を書くところに、{}）",
        value_kind(expected),
        value_kind(found)
    )
}
pub fn wrong_kind_unknown() -> &'static str {
    "値の種類が違います"
}
pub fn file_starts_hint() -> &'static str {
    "ファイルは plan: か goals: で始めてください"
}
pub fn invalid_value(found: &str, expected: &str) -> String {
    format!(
        "{}は使えません（{}）",
        value_kind(found),
        value_kind(expected)
    )
}
pub fn several_documents() -> &'static str {
    "一つのファイルに --- で区切った文書が二つ以上あります"
}
pub fn several_documents_hint() -> &'static str {
    "--- の行を消して一つにまとめるか、ファイルを分けてください"
}
pub fn expansion_too_large() -> &'static str {
    "入れ子かエイリアス（*名前）の展開が大きすぎます"
}
pub fn value_unreadable() -> &'static str {
    "この値が読めません"
}
pub fn value_unreadable_hint() -> &'static str {
    "書き方を、注釈つきの見本（goals/01.yaml など）や README と見比べてください"
}
pub fn full_width_letter(written: &str, letter: &str) -> String {
    format!("全角の「{written}」を半角の {letter} として読みました")
}
pub fn full_width_letter_hint(letter: &str) -> String {
    format!("半角で {letter} と書くとこの注意は出ません")
}
pub fn year_unreadable(written: &str) -> String {
    format!("\"{written}\" は年度として読めません（28・H28・R1・H31・2019 のように書いてください）")
}
pub fn date_unreadable(written: &str) -> String {
    format!("\"{written}\" は日付として読めません（2020-07-15 のように書いてください）")
}

// ------------------------------------------------------------ the dataset as a whole

pub fn plan_twice(other: &Path) -> String {
    format!(
        "計画 (plan) が二つのファイルにあります（もう一つは {}）",
        other.display()
    )
}
pub fn plan_twice_hint() -> &'static str {
    "plan: はデータセットの一つのファイルにだけ書いてください"
}
pub fn no_plan() -> &'static str {
    "計画 (plan) がどのファイルにもありません"
}
pub fn no_plan_hint() -> &'static str {
    "plan: に計画名・策定者・資料番号・計画期間を書いてください"
}
pub fn no_goals() -> &'static str {
    "実施目標 (goals) が一つもありません"
}
pub fn no_goals_hint() -> &'static str {
    "goals: の下に実施目標を一つ以上書いてください"
}
/// Appended to a problem that concerns two places: both are named.
pub fn both_places(there: &str, here: &str) -> String {
    format!("（{there} と {here}）")
}
pub fn period_reversed(from: impl Display, to: impl Display) -> String {
    format!("計画期間の初年度 {from} が最終年度 {to} より後です")
}
pub fn goal_number_zero() -> &'static str {
    "実施目標 No. は 1 以上の番号にしてください"
}
pub fn goal_number_twice(no: u32) -> String {
    format!("実施目標 No.{no} が二度使われています")
}
pub fn goal_number_twice_hint() -> &'static str {
    "どちらかの番号を直してください"
}
pub fn arrow_reversed(from: impl Display, to: impl Display) -> String {
    format!("年次計画の矢印が {from} から {to} へ逆向きです")
}
pub fn arrow_outside_period(year: &str, from: &str, to: &str) -> String {
    format!("年次計画の年度 {year} は計画期間（{from}〜{to}）の外です")
}
pub fn year_outside_period(year: &str, from: &str, to: &str) -> String {
    format!("年度 {year} は計画期間（{from}〜{to}）の外です")
}
pub fn year_outside_period_hint() -> &'static str {
    "年度の書き間違い（R1 と R11 など）か、計画期間 (plan.period) を確かめてください"
}
pub fn year_twice(year: impl Display) -> String {
    format!("年度 {year} が二度あります")
}
pub fn year_twice_hint() -> &'static str {
    "同じ年度の行は一つにまとめてください"
}
pub fn year_out_of_order(year: impl Display, before: impl Display) -> String {
    format!("年度 {year} が前の行の年度 {before} より前に来ています")
}
pub fn year_out_of_order_hint() -> &'static str {
    "years: は古い年度から順に並べてください"
}
pub fn scale_and_legend() -> &'static str {
    "評価の段階 (scale) と評価の凡例 (legend) が両方書かれています"
}
pub fn scale_and_legend_hint() -> &'static str {
    "意味は scale の meaning: に書き、legend: は消してください"
}
pub fn letter_twice(letter: &str) -> String {
    format!("評価の文字 {letter} が二度あります")
}
pub fn basic_goal_twice(label: &str) -> String {
    format!("基本目標 {label} が二度あります")
}
pub fn measure_twice(basic: &str, measure: u32) -> String {
    format!("基本目標 {basic} の施策 {measure} が二度あります")
}
pub fn owner_empty() -> &'static str {
    "担当が空です"
}
pub fn owner_twice(owner: &str) -> String {
    format!("担当「{owner}」が二度書かれています")
}
/// A text still holding the placeholder `init` wrote.
pub fn placeholder_left(text: &str) -> String {
    format!("まだ見本のままです: 「{text}」")
}
pub fn placeholder_left_hint(marker: char) -> String {
    format!("{marker} で始まる見本の文を、この計画の内容に書き換えてください")
}

pub fn label_is_written_as(label: &str, key: &str) -> String {
    format!("{label} は {key} と書きます")
}
pub fn key_twice(name: &str) -> String {
    format!("「{name}」が二度書かれています")
}
pub fn key_twice_hint() -> &'static str {
    "どちらか一つにまとめてください（あとに書いたほうが読まれずに捨てられることはありません）"
}
pub fn values_allowed(values: &[&str]) -> String {
    format!("使える値: {}", values.join("・"))
}
pub fn not_a_number(written: &str) -> String {
    format!("\"{written}\" は数として読めません（1234・1,234・１２３４ のように書いてください）")
}
pub fn number_read_as(written: &str, value: &str) -> String {
    format!("「{written}」を数の {value} として読みました")
}
pub fn owners_read_as(names: &[&str]) -> String {
    match names {
        [one] => format!("担当を「{one}」一つとして読みました"),
        names => format!(
            "担当を {} つ（{}）として読みました",
            names.len(),
            names.join("・")
        ),
    }
}
pub fn owners_unreadable() -> String {
    "担当は [高齢福祉課, 社会福祉課] のような並びか、一つの名前で書いてください".to_owned()
}
pub fn rate_is_computed(label: &str) -> String {
    format!("{label}は計算で求めるので、データには書きません")
}
pub fn choice_not_in_list(choice: &str, choices: &[&str]) -> String {
    format!(
        "\"{choice}\" は選択肢にありません（{} のいずれか）",
        choices.join("・")
    )
}
pub fn rate_without_denominator(rate: &str, denominator: &str) -> String {
    format!("{rate}を計算する{denominator}がありません")
}
pub fn rate_denominator_zero(rate: &str) -> String {
    format!("{rate}の分母が 0 なので計算できません")
}
pub fn judged_needs_reason() -> &'static str {
    "判定を変えた理由（reason:）がありません"
}
pub fn judged_needs_reason_hint() -> &'static str {
    "自動で求めた判定を変えるときは、letter: と一緒に reason: に理由を書いてください"
}
pub fn judged_without_grade() -> &'static str {
    "この様式の指標には判定がないので、判定の変更（judged:）は書けません"
}
pub fn indicators_not_on_sheet() -> &'static str {
    "この様式には指標の表がありません"
}
pub fn indicators_not_on_sheet_hint() -> &'static str {
    "指標を印刷するには、様式（sheet:）に indicators: を書きます"
}
pub fn indicator_without_target(name: &str, year: &str) -> String {
    format!("指標「{name}」の {year} の達成率を計算する目標値がありません")
}
pub fn indicator_without_target_hint() -> &'static str {
    "target: に、その年度か最終年度の目標値を書いてください"
}
pub fn indicator_target_zero(name: &str) -> String {
    format!("指標「{name}」の目標値が 0 なので、達成率を計算できません")
}

// ------------------------------------------------------------ the sheet declaration

pub fn sheet_twice(other: &Path) -> String {
    format!(
        "様式（sheet:）が二つのファイルに書かれています（もう一つは {}）",
        other.display()
    )
}
pub fn sheet_twice_hint() -> &'static str {
    "様式はデータセットのどれか一つのファイル（ふつうは sheet.yaml）にだけ書きます"
}
pub fn width_unreadable(written: &str) -> String {
    format!(
        "\"{written}\" は幅として読めません（48mm のような長さか、1fr のような残りの分け方で書いてください）"
    )
}
pub fn sheet_label_missing() -> String {
    "見出しが空です".to_owned()
}
pub fn sheet_key_unreadable(key: &str) -> String {
    format!("キー \"{key}\" は使えません（半角の英小文字で始め、英小文字・数字・_ だけで書きます）")
}
pub fn sheet_key_reserved(key: &str) -> String {
    format!("キー \"{key}\" は決まった項目の名前なので、欄のキーには使えません")
}
pub fn sheet_key_reserved_hint(keys: &[&str]) -> String {
    format!("使えない名前: {}", keys.join(", "))
}
pub fn sheet_key_twice(key: &str) -> String {
    format!("キー \"{key}\" の欄が二つあります")
}
pub fn sheet_name_twice() -> String {
    "実施目標の名前（name: true）にできる欄は一つだけです".to_owned()
}
pub fn sheet_group_empty() -> String {
    "まとめる欄（rows:）がありません".to_owned()
}
pub fn sheet_group_empty_hint() -> &'static str {
    "rows: [content, target] のように欄のキーを並べてください"
}
pub fn sheet_section_shape() -> String {
    "上の表の段は、group: と rows: の組か、row: のどちらか一つで書きます".to_owned()
}
pub fn sheet_section_shape_hint() -> &'static str {
    "例: - group: 実施目標計画\n      rows: [content, target]   または   - row: direction"
}
pub fn sheet_unknown_field(key: &str) -> String {
    format!("\"{key}\" という実施目標の欄は fields: にありません")
}
pub fn sheet_known_fields(keys: &[&str]) -> String {
    format!("fields: の欄: {}", keys.join(", "))
}
pub fn sheet_placed_twice(key: &str) -> String {
    format!("欄 \"{key}\" が上の表に二度あります")
}
pub fn sheet_field_placed_nowhere(label: &str) -> String {
    format!("欄「{label}」が上の表（plan:）のどこにもないので、書いても印刷されません")
}
pub fn sheet_field_placed_nowhere_hint(key: &str) -> String {
    format!("plan: の rows: か row: に {key} を加えるか、この欄を消してください")
}
pub fn sheet_no_columns() -> String {
    "年度の表に列がありません".to_owned()
}
pub fn sheet_kind_misplaced(column: bool) -> String {
    if column {
        "年度の表の列に使える種類は text・grade・number・rate・derived・choice です".to_owned()
    } else {
        "実施目標の欄に使える種類は text・number・choice・owners・schedule・programmes です"
            .to_owned()
    }
}
pub fn sheet_owners_key() -> String {
    "種類 owners の欄のキーは owners です".to_owned()
}
pub fn sheet_setting_misplaced(name: &str) -> String {
    format!("{name}: はこの種類の欄には使えません")
}
pub fn sheet_choice_needs_choices() -> String {
    "選択肢（choices:）がありません".to_owned()
}
pub fn sheet_choice_twice(choice: &str) -> String {
    format!("選択肢「{choice}」が二度あります")
}
pub fn sheet_rate_needs_numbers(which: &str) -> String {
    let name = if which == "numerator" {
        "分子"
    } else {
        "分母"
    };
    format!("率の{name}（{which}:）には、数値（number）の列のキーを書きます")
}
pub fn sheet_rate_needs_numbers_hint() -> &'static str {
    "例: numerator: actual と denominator: target（実績値 ÷ 目標値）"
}
pub fn sheet_derived_needs_rate() -> String {
    "判定のもと（from:）には、率（rate）の列のキーを書きます".to_owned()
}
pub fn sheet_derived_needs_rule() -> String {
    "判定のきまり（rule:）がありません".to_owned()
}
pub fn sheet_derived_needs_scale() -> String {
    "判定の文字（scale:）がありません".to_owned()
}
pub fn sheet_baseline_rule_for_indicators() -> String {
    "基準値との比較（baseline:）は指標の判定だけに使えます".to_owned()
}
pub fn sheet_rule_shape() -> String {
    "判定のきまりは thresholds: か baseline: のどちらか一つで書きます".to_owned()
}
pub fn sheet_threshold_min_missing() -> String {
    "最後の行のほかは、以上（min:）を書きます".to_owned()
}
pub fn sheet_threshold_last() -> String {
    "最後の行は残りすべてなので、min: を書きません".to_owned()
}
pub fn sheet_threshold_order() -> String {
    "しきい値は大きいものから順に書きます".to_owned()
}
pub fn sheet_tolerance() -> String {
    "同じとみなす幅（tolerance:）は 0 以上の数で書きます".to_owned()
}
pub fn sheet_too_wide(fixed_mm: f64, body_mm: f64) -> String {
    format!(
        "年度の表の列の幅が合わせて {fixed_mm} mm あり、ページの幅 {body_mm} mm に収まりません（1fr の列にも少なくとも 8 mm ずつ要ります）"
    )
}
pub fn sheet_too_wide_hint() -> &'static str {
    "列の幅を狭くするか、幅を 1fr にして残りを分けてください"
}
pub fn sheet_order_without_indicators() -> String {
    "指標の表（indicators:）がないので、並びに indicators は書けません".to_owned()
}
pub fn sheet_order_twice() -> String {
    "並びに同じものが二度あります".to_owned()
}

// ------------------------------------------------------------ slips (what YAML reads otherwise)

/// Where YAML reads something other than what was typed, and how to fix it.
pub fn slip(kind: SlipWord) -> (String, String) {
    let quote = "文全体を '…' で囲んでください（文の中に ' があるときは \"…\" で囲みます）";
    match kind {
        SlipWord::CommentInValue => (
            "# から後ろが注釈として読み飛ばされています".to_owned(),
            format!("{quote}。注釈にするときは # の前に空白を二つ以上入れます"),
        ),
        SlipWord::EmptiedByComment => (
            "値が # から後ろの注釈として読み飛ばされ、空欄になっています".to_owned(),
            quote.to_owned(),
        ),
        SlipWord::Indicator(c) => {
            let why = match c {
                '[' | '{' => "並び（リスト）や組として読まれ、文字のとおりには印刷されません",
                '*' => "別の場所の値（エイリアス）として読まれます",
                '&' => "名前付け（アンカー）として読まれ、その部分が消えます",
                '!' => "型の指定（タグ）として読まれ、その部分が消えます",
                '>' | '|' => "複数行の書き方の記号として読まれます（その行に文を続けられません）",
                '?' => "複雑なキーの記号として読まれます",
                _ => "YAML の予約された記号です",
            };
            (format!("「{c}」で始まる値は、{why}"), quote.to_owned())
        }
        SlipWord::TextAfterQuote(q) => (
            format!("引用符（{q}）で囲んだ部分のあとに文字が続いています"),
            quote.to_owned(),
        ),
        SlipWord::FullWidthColon => (
            "全角の「：」があります。半角の「: 」にしてください".to_owned(),
            "キーと値の間は、半角のコロンと空白（: ）です".to_owned(),
        ),
        SlipWord::NoSpaceAfterColon => (
            "「:」のあとに空白がありません".to_owned(),
            "キーと値の間は、半角のコロンと空白（: ）です".to_owned(),
        ),
        SlipWord::FullWidthIndent => (
            "字下げに全角の空白があります".to_owned(),
            "字下げは半角の空白で書いてください".to_owned(),
        ),
        SlipWord::TabIndent => (
            "字下げにタブがあります".to_owned(),
            "字下げにタブは使えません。半角の空白で書いてください".to_owned(),
        ),
    }
}

/// The slips [`slip`] tells (the data stage's own kinds, by value).
#[derive(Debug, Clone, Copy)]
pub enum SlipWord {
    CommentInValue,
    EmptiedByComment,
    Indicator(char),
    TextAfterQuote(char),
    FullWidthColon,
    NoSpaceAfterColon,
    FullWidthIndent,
    TabIndent,
}
