//! What typesetting says: glyphs no font has, sheets shrunk or continued.

use std::path::Path;

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

// ------------------------------------------------------------ fit memo

pub fn memo_unreadable(file: &Path, err: &std::io::Error) -> String {
    format!(
        "組み方の記録 {} を読めないため、使わずに組みました（{err}）。出来上がりは同じです",
        file.display()
    )
}
pub fn memo_corrupt(file: &Path) -> String {
    format!(
        "組み方の記録 {} が壊れているため、使わずに組みました。出来上がりは同じで、記録は作り直します",
        file.display()
    )
}
pub fn memo_foreign(file: &Path) -> String {
    format!(
        "{} は welfare-sheets の組み方の記録ではないため、使わずに組みました。出来上がりは同じで、記録は作り直します",
        file.display()
    )
}
