//! What the web edition says: the words of its pages that the sheets do not
//! print (navigation, headings of the summaries, the links to the PDFs), and
//! what the `web` command tells.

use std::path::Path;

// ------------------------------------------------------------ page furniture

/// A page's `<title>`: its parts, most specific first, as Japanese sites
/// join them.
pub fn web_title(parts: &[&str]) -> String {
    parts.join("｜")
}
/// The index's heading: 令和元年度 実施目標計画 進行管理シート.
pub fn web_index_heading(year: &str, sheet_title: &str) -> String {
    format!("{year} {sheet_title}")
}
/// A goal as its page and the links to it name it: No.5 「だれもがワンボラ」運動の推進.
pub fn web_goal_name(no: u32, name: &str) -> String {
    format!("No.{no} {name}")
}
pub fn web_skip_link() -> &'static str {
    "本文へ移動"
}
pub fn web_breadcrumb_label() -> &'static str {
    "現在位置"
}
pub fn web_index_link() -> &'static str {
    "目次"
}
pub fn web_pager_label() -> &'static str {
    "前後の実施目標"
}
pub fn web_previous_goal() -> &'static str {
    "前の実施目標"
}
pub fn web_next_goal() -> &'static str {
    "次の実施目標"
}
pub fn web_back_to_index() -> &'static str {
    "目次へ戻る"
}
/// Said above a table wider than the screen.
pub fn web_scroll_hint() -> &'static str {
    "表は横にスクロールして読めます。"
}
/// The link to a page's plain-text companion: テキスト版（TXT、5 KB）.
pub fn web_text_link(size: &str) -> String {
    format!("テキスト版（TXT、{size}）")
}
pub fn web_text_link_about() -> &'static str {
    "このページと同じ内容の文字だけのファイル（文字コード UTF-8）"
}
pub fn web_footer(issuers: &str) -> String {
    format!("作成: {issuers}")
}
/// How several issuers are named in a line: 防府市、防府市社会福祉協議会.
pub fn web_issuers(issuers: &[String]) -> String {
    issuers.join("、")
}

// ------------------------------------------------------------ the index

pub fn web_intro(plan: &str, year: &str, goals: usize) -> String {
    format!(
        "{plan}の実施目標（{goals} 項目）について、{year}までの取組の内容と結果、評価を、実施目標ごとのページにまとめています。推進委員会の資料（PDF）と同じ内容です。"
    )
}
pub fn web_about_heading() -> &'static str {
    "この資料について"
}
pub fn web_plan_label() -> &'static str {
    "計画"
}
pub fn web_issuers_label() -> &'static str {
    "策定"
}
pub fn web_year_label() -> &'static str {
    "報告する年度"
}
pub fn web_issued_label() -> &'static str {
    "発行日"
}
pub fn web_pdf_heading() -> &'static str {
    "PDF 版"
}
/// A link to a PDF, with its type and size, as JIS X 8341-3 asks:
/// 資料 8（PDF、1.0 MB）.
pub fn web_pdf_link(label: &str, size: &str) -> String {
    format!("{label}（PDF、{size}）")
}
pub fn web_booklet_label() -> &'static str {
    "冊子"
}
pub fn web_packet_about(pages: usize) -> String {
    format!("推進委員会の資料。実施目標ごとに 1 枚の進行管理シート（A4 横、{pages} ページ）")
}
pub fn web_booklet_about(pages: usize) -> String {
    format!("年度の報告書。表紙・目次・計画の体系・評価の集計・全シート（{pages} ページ）")
}
/// A file's size as Japanese sites give it: 850 KB, 1.2 MB.
pub fn web_size_kb(kb: u64) -> String {
    format!("{kb} KB")
}
pub fn web_size_mb(tenths: u64) -> String {
    format!("{}.{} MB", tenths / 10, tenths % 10)
}
pub fn web_summary_heading() -> &'static str {
    "評価の集計"
}
/// The caption of the counts of each letter: 評価ごとの件数（28〜R1）.
pub fn web_counts_caption(label: &str, years: &str) -> String {
    format!("{label}ごとの件数（{years}）")
}
/// The booklet's chart in words, a year a line: R1: A 3 件、B 20 件（計 29 件）.
pub fn web_counts_line(year: &str, counts: &[(String, usize)]) -> String {
    let each: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n} 件")).collect();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    format!("{year}: {}（計 {total} 件）", each.join("、"))
}
pub fn web_counts_lines_heading(label: &str) -> String {
    format!("年度ごとの{label}の件数（グラフの数値）")
}
pub fn web_total() -> &'static str {
    "計"
}
/// The caption of the goals × years matrix: 実施目標ごとの評価（28〜R1）.
pub fn web_matrix_caption(label: &str, years: &str) -> String {
    format!("実施目標ごとの{label}（{years}）")
}
pub fn web_content_heading() -> &'static str {
    "内容"
}
pub fn web_change_heading() -> &'static str {
    "前年比"
}
/// A goal's letters in the matrix in words: 28 B、29 B、R1 C（前年比 低下）.
pub fn web_matrix_line(letters: &[(String, String)], change: &str) -> String {
    let each: Vec<String> = letters
        .iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(y, l)| format!("{y} {l}"))
        .collect();
    let each = if each.is_empty() {
        "評価なし".to_owned()
    } else {
        each.join("、")
    };
    if change.is_empty() {
        each
    } else {
        format!("{each}（前年比 {change}）")
    }
}
pub fn web_legend_heading(label: &str) -> String {
    format!("{label}の凡例")
}
pub fn web_meaning_heading() -> &'static str {
    "意味"
}
/// The scale when the plan gives no meanings: its letters, best first.
pub fn web_scale_order(label: &str, ranked: &[&str], unranked: &[&str]) -> String {
    let mut text = match ranked {
        [] => String::new(),
        [only] => format!("{label}は {only} です。"),
        [best, .., worst] => format!(
            "{label}は {} の {} 段階で、{best} がもっともよく、{worst} がもっとも低い{label}です。",
            ranked.join("・"),
            ranked.len()
        ),
    };
    if !unranked.is_empty() {
        text += &format!(
            "{} は段階の比較に入れない{label}です。",
            unranked.join("・")
        );
    }
    text
}
pub fn web_basic_goals_heading() -> &'static str {
    "基本目標ごとの評価"
}
/// A 基本目標's committee grade: 基本目標の評価: B（前年度 C）.
pub fn web_basic_goal_grade(grade: &str) -> String {
    format!("基本目標の評価: {grade}")
}
/// A 基本目標 with the number of its goals: 基本目標 I　…（5 目標）.
pub fn web_basic_goal_summary(heading: &str, goals: usize) -> String {
    format!("{heading}（{goals} 目標）")
}
pub fn web_movements_heading() -> &'static str {
    "評価の変化"
}
pub fn web_movements_caption(previous: &str, year: &str) -> String {
    format!("{previous} から {year} に評価が上がった・下がった実施目標")
}
pub fn web_no_movements() -> &'static str {
    "評価が上がった・下がった実施目標はありません。"
}
pub fn web_movement_heading() -> &'static str {
    "変化"
}
/// A goal whose evaluation moved, in words: R1 C、R2 B（上昇）.
pub fn web_movement_line(previous: (&str, &str), current: (&str, &str), change: &str) -> String {
    format!(
        "{} {}、{} {}（{change}）",
        previous.0, previous.1, current.0, current.1
    )
}
pub fn web_goals_heading() -> &'static str {
    "実施目標の一覧"
}

// ------------------------------------------------------------ a goal's page

/// The label of the 実施目標計画CD and No. boxes, as the sheet prints them.
pub fn web_code_label() -> &'static str {
    "実施目標計画CD"
}
pub fn web_no_label() -> &'static str {
    "実施目標 No."
}
/// The heading over the yearly table, and its caption: 年度ごとの取組（28〜R2）.
pub fn web_years_heading(year_label: &str) -> String {
    format!("{year_label}ごとの取組")
}
pub fn web_years_caption(no: u32, year_label: &str, years: &str) -> String {
    format!("No.{no} の{year_label}ごとの取組（{years}）")
}
/// The name of a small table inside a cell, after its place: R1 内容と成果の表.
pub fn web_inner_table_label(place: &str) -> String {
    format!("{place}の表")
}
/// An indicator's chart column, and the caption of the indicators table.
pub fn web_chart_heading() -> &'static str {
    "推移"
}
pub fn web_indicators_caption(no: u32, label: &str) -> String {
    format!("No.{no} の{label}")
}
/// A column under a group's heading, named in full: 取組の結果（内容と成果）.
pub fn web_grouped_column(group: &str, label: &str) -> String {
    format!("{group}（{label}）")
}
/// A 【heading】 inside a text, as the sheets print it.
pub fn block_heading(text: &str) -> String {
    format!("【{text}】")
}
/// The text companions' marks: a list item's, a section heading's, and
/// what stands between the cells of a small table's row.
pub fn web_bullet() -> &'static str {
    "・"
}
pub fn web_text_heading_mark() -> &'static str {
    "■"
}
pub fn web_cell_separator() -> &'static str {
    "　"
}

// ------------------------------------------------------------ what a run says

pub fn wrote_web(dir: &Path, pages: usize) -> String {
    format!("ホームページ用: {}（{pages} ページ）", dir.display())
}
pub fn web_not_written() -> &'static str {
    "ホームページ用のファイルは作っていません（前に作ったファイルはそのままです）"
}
/// A template of the web edition that failed (a developer's matter).
pub fn web_template_failed(detail: &str) -> String {
    format!("ホームページ用のページを作れませんでした（テンプレートの誤り）: {detail}")
}
