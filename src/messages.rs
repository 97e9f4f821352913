//! Every sentence welfare-sheets says to a person, in one place.
//!
//! The people who run welfare-sheets are the committee's secretariat clerks,
//! and they read Japanese: every message, hint, progress line and summary is
//! written here, so that the wording is reviewed in one file, and a second
//! language could be added by giving these functions a second body, without
//! touching the logic that calls them.
//!
//! Rules: one line is one language. File names, command names, flags and
//! terms such as PDF, YAML and Excel keep their spelling; nothing from an
//! English error (serde's, YAML's, the operating system's) is passed
//! through: it is translated into what to do. Code comments and the
//! developer documentation stay English. This module uses nothing else of
//! the crate, so every stage may use it.

use std::fmt::Display;
use std::io;
use std::path::Path;

// ------------------------------------------------------------ diagnostics

/// The word before a diagnostic: `エラー`, `警告`, `注意`.
pub fn severity_error() -> &'static str {
    "エラー"
}
pub fn severity_warning() -> &'static str {
    "警告"
}
pub fn severity_note() -> &'static str {
    "注意"
}
/// The word before a diagnostic's hint line.
pub fn hint() -> &'static str {
    "ヒント"
}

/// The closing line of `check`: how many of each, and the pages laid out.
pub fn check_summary(errors: usize, warnings: usize, notes: usize, pages: Option<usize>) -> String {
    let counts = format!("エラー {errors} 件、警告 {warnings} 件、注意 {notes} 件");
    match pages {
        Some(pages) => format!("点検の結果: {counts}（{pages} ページ）"),
        None => format!("点検の結果: {counts}"),
    }
}

// ------------------------------------------------------------ files

/// Why a file operation failed, in words a clerk can act on.
fn io_reason(err: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "見つかりません",
        PermissionDenied => {
            "権限がないか、ほかのプログラム（PDF の表示ソフトや Excel など）がこのファイルを開いています"
        }
        StorageFull | QuotaExceeded => "保存先の空き容量がありません",
        ReadOnlyFilesystem => "読み取り専用の場所です",
        FileTooLarge => "ファイルが大きすぎて保存先に書き込めません",
        IsADirectory => "ファイルではなくフォルダです",
        NotADirectory => "途中にフォルダではないものがあります",
        ResourceBusy | WouldBlock => "ほかのプログラムが使っています",
        InvalidFilename => "ファイル名に使えない文字があります",
        InvalidData => "中身が壊れているか、別の形式のファイルです",
        UnexpectedEof => "ファイルが途中で切れています",
        _ => "読み書きに失敗しました",
    }
}

/// What to do about a file operation that failed.
pub fn io_hint(err: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "名前と場所を確かめてください",
        PermissionDenied => {
            "そのファイルを開いているプログラムを閉じてから、もう一度実行してください。保存先のフォルダに書き込めるかも確かめてください"
        }
        StorageFull | QuotaExceeded | FileTooLarge => {
            "不要なファイルを消して空きを作るか、--out-dir で別の保存先を指定してください"
        }
        ReadOnlyFilesystem => "--out-dir で書き込める保存先を指定してください",
        ResourceBusy | WouldBlock => "そのファイルを使っているプログラムを閉じてください",
        _ => "保存先や名前を変えて、もう一度実行してください",
    }
}

/// A file that could not be written (the file the clerk asked for, never a
/// temporary one).
pub fn cannot_write(path: &Path, err: &io::Error) -> String {
    format!("書き込めません: {}: {}", path.display(), io_reason(err))
}

/// A folder that could not be created for an output.
pub fn cannot_create_folder(path: &Path, err: &io::Error) -> String {
    format!(
        "フォルダを作れません: {}: {}",
        path.display(),
        io_reason(err)
    )
}

// ------------------------------------------------------------ reading data

pub fn data_unreadable(err: &io::Error) -> String {
    format!("データが読めません（{}）", io_reason(err))
}
pub fn data_unreadable_hint() -> &'static str {
    "--data に YAML ファイルかそのフォルダを指定してください"
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
pub fn no_evaluation_yet_hint() -> &'static str {
    "評価がまだないときは evaluation: の行ごと消してください"
}
pub fn basic_goal_unknown(value: &str) -> String {
    format!("\"{value}\" は使えません（I・II・III のいずれか）")
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

// ------------------------------------------------------------ glyphs

pub fn glyph_missing(c: char, code: &str, more: &str) -> String {
    format!("「{c}」（{code}）はどのフォントにもない文字です{more}: このままでは印刷されません")
}
pub fn glyph_missing_hint() -> &'static str {
    "よく似た字（𠮷 なら 吉 など）に置き換えるか、この字のあるフォントを --font-path で指定してください"
}
pub fn glyph_from_font_path(c: char, code: &str, more: &str, family: &str) -> String {
    format!(
        "「{c}」（{code}）は同梱のフォントにない文字です{more}: --font-path のフォント「{family}」で描きます"
    )
}
pub fn glyph_from_installed(c: char, code: &str, more: &str, family: &str, file: &Path) -> String {
    format!(
        "「{c}」（{code}）は同梱のフォントにない文字です{more}: このパソコンのフォント「{family}」（{}）で描きます",
        file.display()
    )
}
pub fn glyph_from_installed_hint() -> &'static str {
    "このフォントのないパソコンで作ると印刷されません。よく似た字に置き換えると確実です"
}
pub fn glyph_count_in_field(count: usize) -> String {
    if count > 1 {
        format!("（この欄に {count} か所）")
    } else {
        String::new()
    }
}

// ------------------------------------------------------------ layout

/// Why the field a fitting report points at: its height at the size set.
pub fn largest_field(size: f64, height_mm: f64, share: f64) -> String {
    format!(
        "（いちばん場所を取っているのがこの欄で、{size} pt で高さ約 {height_mm:.0} mm、本文の高さの {share:.0}%）"
    )
}
pub fn sheet_shrunk(normal: f64, size: f64, why: &str) -> String {
    format!("1 枚に収めるため本文を {normal} pt から {size} pt に縮めました{why}")
}
pub fn sheet_follow_on(size: f64, pages: usize, why: &str) -> String {
    format!("{size} pt まで縮めても 1 枚に収まらず、続きのページが {pages} 枚つきます{why}")
}
pub fn sheet_follow_on_hint() -> &'static str {
    "文章を短くするか、別の年度や欄に分けると 1 枚に収まります"
}
/// The one line a run prints about the sheets that shrank: how many, and
/// the smallest size with the goals set in it.
pub fn shrunk_summary(count: usize, smallest: f64, goals: &[u32]) -> String {
    let goals: Vec<String> = goals.iter().map(|no| format!("No.{no}")).collect();
    format!(
        "{count} 枚を縮小して 1 ページに収めました（最小 {smallest} pt: {}）",
        goals.join(", ")
    )
}
pub fn layout_warning(detail: &str) -> String {
    format!("組版で警告が出ました（詳細は次の行から）\n{detail}")
}
pub fn layout_failed(detail: &str) -> String {
    format!("シートを組めませんでした（テンプレートの誤りです。詳細は次の行から）\n{detail}")
}
pub fn png_failed() -> &'static str {
    "シートを PNG の画像にできませんでした"
}

// ------------------------------------------------------------ the reported year and goals

pub fn year_flag_outside_period(year: &str, western: u16, from: &str, to: &str) -> String {
    format!("--year の {year}（{western}）は計画期間（{from}〜{to}）の外です")
}
pub fn year_flag_outside_period_hint() -> &'static str {
    "計画期間の中の年度を指定してください"
}
pub fn no_such_goals(goals: &[u32]) -> String {
    let goals: Vec<String> = goals.iter().map(|no| format!("No.{no}")).collect();
    format!("データにない実施目標です: {}", goals.join(", "))
}
pub fn no_such_goals_hint() -> &'static str {
    "--goal には実施目標の番号（1、14 など）を指定してください"
}
pub fn source_date_epoch_unreadable(value: &str) -> String {
    format!("環境変数 SOURCE_DATE_EPOCH の値 \"{value}\" は秒数として読めません")
}
pub fn source_date_epoch_out_of_range() -> &'static str {
    "環境変数 SOURCE_DATE_EPOCH の値が大きすぎるか小さすぎます"
}

// ------------------------------------------------------------ what a run says

pub fn wrote_packet(path: &Path, label: &str, year: &str, pages: usize) -> String {
    format!("{label}（{year}）: {}（{pages} ページ）", path.display())
}
pub fn wrote_booklet(path: &Path, year: &str, pages: usize) -> String {
    format!("冊子（{year}）: {}（{pages} ページ）", path.display())
}
pub fn wrote_archive(dir: &Path, files: usize) -> String {
    format!("アーカイブ: {} に {files} ファイル", dir.display())
}
pub fn wrote_file(path: &Path) -> String {
    format!("書き出しました: {}", path.display())
}
/// The closing line of a run.
/// `pages` is `None` for files that are not documents (spreadsheets, YAML).
pub fn done(files: usize, pages: Option<usize>, seconds: f64) -> String {
    match pages {
        Some(pages) => format!("完了: {files} ファイル、{pages} ページ、{seconds:.1} 秒"),
        None => format!("完了: {files} ファイル、{seconds:.1} 秒"),
    }
}
/// Notes held back in a quiet run.
pub fn notes_held_back(count: usize) -> String {
    format!("注意が {count} 件あります（welfare-sheets check か --verbose で確かめられます）")
}
pub fn progress_packet() -> &'static str {
    "資料8"
}

// ------------------------------------------------------------ new-year

pub fn year_beyond_period(year: &str, from: &str, to: &str) -> String {
    format!("{year} は計画期間（{from}〜{to}）の後です")
}
pub fn year_beyond_period_hint() -> &'static str {
    "計画期間を延ばすときは --extend を付けてください。次の計画を始めるときは welfare-sheets init を使います"
}
pub fn rows_end_not_found(no: u32) -> String {
    format!("実施目標 No.{no}: 年度の行の終わりが見つからず、行を足せません")
}
pub fn rows_end_not_found_hint() -> &'static str {
    "years: の字下げがそろっているか確かめてください"
}
pub fn key_not_found(path: &str) -> String {
    format!("{path} が見つかりません")
}
pub fn edited_dataset_invalid() -> &'static str {
    "書き換えたデータが読めなくなるため、何も書き込みませんでした。次の点を直してからもう一度実行してください:"
}
pub fn updated_file(path: &Path) -> String {
    format!("書き換えました: {}", path.display())
}
pub fn year_added(prose: &str, label: &str, extended: bool) -> String {
    if extended {
        format!(
            "すべての実施目標に {prose}（{label}）の行を足し、計画期間をその年度まで延ばしました"
        )
    } else {
        format!("すべての実施目標に {prose}（{label}）の行を足しました")
    }
}

// ------------------------------------------------------------ eject, preview, watch

pub fn ejected(dir: &Path) -> String {
    format!("Typst のプロジェクトを {} に書き出しました", dir.display())
}
/// The command that compiles an ejected project (a command line: no prose).
pub fn ejected_command(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "  typst compile --ignore-system-fonts --font-path {dir}/fonts --root {dir} {dir}/main.typ out.pdf"
    )
}
pub fn ejected_how() -> &'static str {
    "公式の typst コマンドで次のように組めます:"
}
pub fn watching(output: &Path) -> String {
    format!(
        "データの変更を見張っています。資料8は {} に書き出します（止めるには Ctrl+C）",
        output.display()
    )
}
pub fn changed_file(path: &Path) -> String {
    format!("変更: {}", path.display())
}
pub fn rerendered(pages: usize, millis: u128) -> String {
    format!("組み直しました: {pages} ページ、{millis} ミリ秒")
}
pub fn kept_last_good(path: &Path) -> String {
    format!("前の正しい PDF を残しています: {}", path.display())
}
pub fn cannot_watch(path: &Path) -> String {
    format!("変更を見張れません: {}", path.display())
}
pub fn watcher_stopped() -> &'static str {
    "ファイルの見張りが止まりました"
}
pub fn templates_unreadable(dir: &Path) -> String {
    format!("テンプレートが読めません: {}", dir.display())
}

// ------------------------------------------------------------ init

pub fn init_not_empty(dir: &Path) -> String {
    format!("フォルダが空ではありません: {}", dir.display())
}
pub fn init_not_empty_hint() -> &'static str {
    "新しい計画のデータは、まだ何もない新しいフォルダに作ってください"
}
pub fn init_done(dir: &Path) -> String {
    format!("新しい計画のデータを {} に作りました", dir.display())
}
pub fn init_next(dir: &Path) -> String {
    format!(
        "★ で始まる見本の文を書き換えてから、welfare-sheets check --data {} で点検してください",
        dir.display()
    )
}

// ------------------------------------------------------------ forms

/// The workbook of one goal (`--by goal`), without its extension.
pub fn form_file_goal(no: u32) -> String {
    format!("実施目標{no:02}")
}
/// The workbook of the goals without an owner, without its extension.
pub fn form_file_unowned() -> &'static str {
    "担当未設定"
}
/// The committee's workbook of remarks, without its extension.
pub fn form_file_remarks() -> &'static str {
    "意見等"
}
pub fn remarks_sheet_name() -> &'static str {
    "意見等"
}
pub fn remarks_heading(year: &str) -> String {
    format!("推進委員会の意見等（{year}）")
}
pub fn remarks_instructions() -> &'static str {
    "黄色のセルに、実施目標ごとの推進委員会の意見等を書いてください（ほかのセルは変えられません）。意見がなければ「特になし」と書くか、空のままにします（空のセルはデータを変えません）。"
}
pub fn remarks_evaluation_header(year: &str) -> String {
    format!("{year} 評価")
}
pub fn form_title(year: &str) -> String {
    format!("実施目標計画 進行管理シート 記入用（{year}）")
}
pub fn form_sheet_name(no: u32) -> String {
    format!("No.{no}")
}
pub fn form_heading(year: &str) -> String {
    format!("実施目標計画 進行管理シート（{year} 記入用）")
}
pub fn form_goal_no_label() -> &'static str {
    "No."
}
pub fn form_code_label() -> &'static str {
    "実施目標計画CD"
}
pub fn form_owners(owners: &[String]) -> String {
    if owners.is_empty() {
        "担当: （未設定）".to_owned()
    } else {
        format!("担当: {}", owners.join("、"))
    }
}
pub fn form_instructions(year: &str) -> String {
    format!(
        "黄色のセルに{year}の結果と、次の年度の取組の内容を書いてください（ほかのセルは変えられません）。セルの中の改行は Alt+Enter です。各セルの注釈に書き方があります。"
    )
}
/// The note on a cell to fill: what to write (the field's description from
/// the JSON Schema) and, for a text, how to write lists and headings.
pub fn form_note(description: &str, text: bool) -> String {
    if text {
        format!(
            "{description}\n\n書き方:\n・行の頭に「・」で箇条書き\n・【 】だけの行は見出し\n・段落の間は空の行\n空のままにすると、今のデータをそのまま残します。"
        )
    } else {
        format!("{description}\n\n一覧から選んでください。")
    }
}
pub fn form_note_author() -> &'static str {
    "事務局"
}
pub fn form_evaluation_title() -> &'static str {
    "評価"
}
pub fn form_evaluation_message(letters: &[&str], legend: &[String]) -> String {
    let mut message = format!("{} から選んでください。", letters.join("・"));
    for line in legend {
        message.push('\n');
        message.push_str(line);
    }
    message
}
/// The page header a printed form carries (Excel's header codes: &R right, &P page, &N pages).
pub fn form_print_header(no: u32) -> String {
    format!("&R実施目標 No.{no}　&P / &N")
}
pub fn forms_written(dir: &Path, files: usize, goals: usize, year: &str) -> String {
    format!(
        "{year}の記入用ファイル: {} に {files} ファイル（{goals} 目標）",
        dir.display()
    )
}
pub fn form_written(path: &Path, goals: &[u32]) -> String {
    let goals: Vec<String> = goals.iter().map(|no| format!("No.{no}")).collect();
    format!("  {}: {}", path.display(), goals.join(", "))
}
pub fn remarks_form_written(path: &Path, goals: usize, year: &str) -> String {
    format!(
        "{year}の意見等の記入用ファイル: {}（{goals} 目標）",
        path.display()
    )
}
pub fn forms_year_outside_period(year: &str, from: &str, to: &str) -> String {
    format!("{year} は計画期間（{from}〜{to}）の外なので、記入用ファイルを作れません")
}

// ------------------------------------------------------------ import

/// Where in a returned form: `高齢福祉課.xlsx › No.5 › E16（評価）`.
pub fn form_place(file: &Path, sheet: &str, cell: &str, label: &str) -> String {
    format!("{} › {sheet} › {cell}（{label}）", file.display())
}
pub fn form_encrypted() -> &'static str {
    "パスワードが掛かっていて開けません"
}
pub fn form_encrypted_hint() -> &'static str {
    "パスワードを外して保存し直してもらってください（Excel: ファイル → 情報 → ブックの保護 → パスワードを使用して暗号化 で空にします）"
}
pub fn form_damaged() -> &'static str {
    "壊れているか、表計算のファイルではありません"
}
pub fn form_damaged_hint() -> &'static str {
    "Excel で開けるか確かめ、開けたら「名前を付けて保存」で .xlsx に保存し直してください"
}
pub fn form_not_a_form() -> &'static str {
    "welfare-sheets の記入用ファイルではありません"
}
pub fn form_other_version(version: &str) -> String {
    format!("別の版（{version}）の welfare-sheets で作られた記入用ファイルです")
}
pub fn form_not_a_form_hint() -> &'static str {
    "welfare-sheets forms で作ったファイルに記入してもらい、そのファイルを取り込んでください"
}
pub fn form_missing() -> &'static str {
    "ファイルが見つかりません"
}
pub fn no_forms_in_folder() -> &'static str {
    "このフォルダに記入用ファイルがありません"
}
pub fn forms_extensions_hint() -> &'static str {
    "取り込めるのは .xlsx・.xlsm・.xls・.ods のファイルです"
}
pub fn form_other_plan(title: &str) -> String {
    format!("別の計画のデータから作られた記入用ファイルです（{title}）")
}
pub fn form_other_plan_hint() -> &'static str {
    "--data で、このファイルを作ったときのデータを指定してください"
}
pub fn form_year_outside(western: u16) -> String {
    format!("記入用ファイルの年度（{western}）が計画期間の外です")
}
/// A form whose goal changed in the dataset since the form was made.
pub fn form_stale(no: u32, fields: &[String]) -> String {
    format!(
        "このファイルを作った後で、データの実施目標 No.{no} が変わっています（{}）",
        fields.join("、")
    )
}
pub fn form_stale_hint() -> &'static str {
    "変わった欄を確かめてから --force を付けて取り込むか、記入用ファイルを作り直して記入し直してもらってください"
}
pub fn forms_disagree(other: &Path) -> String {
    format!(
        "{} と違うことが書かれています。どちらを取り込むか決めて、片方を直してください",
        other.display()
    )
}
pub fn formula_without_value() -> &'static str {
    "数式の結果が保存されていません"
}
pub fn cell_is_error() -> &'static str {
    "セルがエラー（#N/A など）になっています"
}
pub fn cell_unreadable() -> &'static str {
    "セルの値が読めません"
}
pub fn cell_problem_hint() -> &'static str {
    "Excel で開いてセルの中身を文字で書き直し、保存してから取り込んでください"
}
pub fn choose_from_list_hint() -> &'static str {
    "評価のセルは一覧から選んでください"
}
pub fn typed_date(year: i32, month: u8, day: u8) -> String {
    format!("{year}年{month}月{day}日")
}
pub fn read_as_date(prose: &str) -> String {
    format!("日付として入力されていたので「{prose}」と読みました")
}
pub fn locked_cell_typed_over() -> &'static str {
    "変えられない欄が書き換えられていましたが、取り込みませんでした"
}
pub fn cannot_edit(no: u32, label: &str) -> String {
    format!("実施目標 No.{no} の {label} をデータファイルに書き込めませんでした")
}
pub fn imported_dataset_invalid() -> &'static str {
    "取り込むとデータが読めなくなるため、何も書き込みませんでした。次の点を直してください:"
}
/// The heading of one goal's changes.
pub fn import_goal_heading(no: u32, content: &str) -> String {
    format!("実施目標 No.{no} {content}")
}
/// One field's change, old → new, each shortened to `limit` characters.
pub fn import_change(label: &str, old: &str, new: &str) -> String {
    fn short(text: &str) -> String {
        const LIMIT: usize = 40;
        let flat: String = text.split('\n').collect::<Vec<_>>().join(" ／ ");
        let count = flat.chars().count();
        if count == 0 {
            "（空）".to_owned()
        } else if count <= LIMIT {
            format!("「{flat}」")
        } else {
            let head: String = flat.chars().take(LIMIT).collect();
            format!("「{head}…」（{count} 文字）")
        }
    }
    format!("  {label}: {} → {}", short(old), short(new))
}
pub fn import_summary(
    forms: usize,
    goals: usize,
    fields: usize,
    files: usize,
    dry_run: bool,
) -> String {
    if dry_run {
        format!(
            "{forms} ファイルから {goals} 目標・{fields} 欄が変わります（--dry-run のため、データは書き換えていません）"
        )
    } else {
        format!(
            "取り込みました: {forms} ファイルから {goals} 目標・{fields} 欄（書き換えたデータファイル {files}）"
        )
    }
}
pub fn import_nothing(forms: usize) -> String {
    format!("{forms} ファイルを読みました。データと違うところはなく、何も書き換えていません")
}

// ------------------------------------------------------------ status

pub fn status_heading(year: &str, complete: usize, total: usize) -> String {
    format!("{year}の記入状況: {total} 目標のうち {complete} 目標がそろっています")
}
pub fn status_owner(owner: Option<&str>, goals: usize, missing: usize) -> String {
    let owner = owner.unwrap_or(form_file_unowned());
    if missing == 0 {
        format!("{owner}: {goals} 目標すべてそろっています")
    } else {
        format!("{owner}: {goals} 目標のうち {missing} 目標に足りない欄があります")
    }
}
pub fn status_missing(no: u32, content: &str, fields: &[&str]) -> String {
    format!("  No.{no} {content}: {}がありません", fields.join("・"))
}
pub fn status_forms_heading(dir: &Path) -> String {
    format!("記入用ファイル（{}）:", dir.display())
}
pub fn status_form_imported(name: &str) -> String {
    format!("  取り込み済み: {name}")
}
pub fn status_form_waiting(name: &str, fields: usize) -> String {
    format!("  取り込み待ち: {name}（{fields} 欄。welfare-sheets import で取り込みます）")
}
pub fn status_form_blank(name: &str) -> String {
    format!("  未記入のまま: {name}")
}
pub fn status_form_not_returned(name: &str, goals: &[u32]) -> String {
    let goals: Vec<String> = goals.iter().map(|no| format!("No.{no}")).collect();
    format!("  未提出: {name}（{}）", goals.join(", "))
}
pub fn status_form_unreadable(name: &str, why: &str) -> String {
    format!("  読めないファイル: {name}（{why}）")
}

// ------------------------------------------------------------ command line

pub fn press_enter_to_close() -> &'static str {
    "Enter キーを押すと閉じます。"
}
pub fn error_line(message: &str) -> String {
    format!("{}: {message}", severity_error())
}
pub fn hint_line(message: &str) -> String {
    format!("  = {}: {message}", hint())
}
pub fn unknown_option(option: &str) -> String {
    format!("知らないオプションです: {option}")
}
pub fn unknown_command(command: &str) -> String {
    format!("知らないコマンドです: {command}")
}
pub fn did_you_mean_flag(suggestion: &str) -> String {
    format!("もしかして {suggestion} ですか？")
}
pub fn invalid_option_value(option: &str, value: &str, allowed: &[String]) -> String {
    if allowed.is_empty() {
        format!("{option} に \"{value}\" は使えません")
    } else {
        format!(
            "{option} に \"{value}\" は使えません（使える値: {}）",
            allowed.join("、")
        )
    }
}
pub fn option_value_unreadable(option: &str, why: &str) -> String {
    format!("{option} の値が読めません: {why}")
}
pub fn option_missing(options: &str) -> String {
    format!("{options} を指定してください")
}
pub fn option_needs_value(option: &str) -> String {
    format!("{option} のあとに値を書いてください")
}
pub fn option_twice(option: &str) -> String {
    format!("{option} は一度だけ指定できます")
}
pub fn options_conflict(a: &str, b: &str) -> String {
    format!("{a} と {b} は一緒に使えません")
}
pub fn command_line_unreadable() -> &'static str {
    "コマンドの書き方が読めません"
}
/// The hint after any command-line mistake: where the help is.
pub fn see_help(command: &str) -> String {
    format!("{command} --help で使い方を確かめてください")
}
