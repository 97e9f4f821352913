//! What the documents say: the year reported, the files written, and the words printed on the papers.

use std::path::Path;

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

// ------------------------------------------------------------ words printed on the papers

/// 市 and 市社協: the default headings of the two sides of 関係取組・事業.
pub fn city_label() -> &'static str {
    "市"
}
pub fn council_label() -> &'static str {
    "市社協"
}
/// 年次計画 in words: a run of years (28〜32), a phase over its years
/// (準備（28）), and the mark of a new goal.
pub fn year_range(from: &str, to: &str) -> String {
    format!("{from}〜{to}")
}
pub fn schedule_phase(label: &str, years: &str) -> String {
    format!("{label}（{years}）")
}
pub fn schedule_new() -> &'static str {
    "新規"
}
/// How a movement against the year before is printed: 上昇, 維持, 低下.
pub fn trend_up() -> &'static str {
    "上昇"
}
pub fn trend_same() -> &'static str {
    "維持"
}
pub fn trend_down() -> &'static str {
    "低下"
}
/// 「B（前年度 C）」.
pub fn grade_with_previous(current: &str, previous: &str) -> String {
    format!("{current}（前年度 {previous}）")
}
/// The booklet's title: 令和元年度 実施目標計画 進行管理報告書.
pub fn booklet_title(year: &str) -> String {
    format!("{year} 実施目標計画 進行管理報告書")
}
/// A 施策's heading in 計画の体系: `I-1 福祉意識の醸成`.
pub fn measure_heading(basic_goal: &str, measure: u32, name: &str) -> String {
    format!("{basic_goal}-{measure} {name}")
}
/// A 基本目標's heading: `基本目標 I　地域で支え合う人づくり`.
pub fn basic_goal_heading(basic_goal: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("基本目標 {basic_goal}　{name}"),
        None => format!("基本目標 {basic_goal}"),
    }
}
pub fn basic_goal_unknown_heading() -> &'static str {
    "実施目標計画CD 不明"
}
pub fn goal_no_heading() -> &'static str {
    "No."
}
pub fn indicator_name_heading() -> &'static str {
    "指標"
}
pub fn indicator_baseline_heading() -> &'static str {
    "基準値"
}
pub fn indicator_target_heading() -> &'static str {
    "目標値"
}
pub fn indicator_actual_heading() -> &'static str {
    "実績値"
}
/// A value with the year it belongs to: 135人（R3）.
pub fn value_in_year(value: &str, year: &str) -> String {
    format!("{value}（{year}）")
}
/// The mark of a grade a person changed from the computed one.
pub fn changed_mark() -> &'static str {
    "※"
}
/// A note under a sheet for a grade a person changed: ※ R4 判定: A（理由）.
pub fn grade_changed_note(year: &str, label: &str, letter: &str, reason: &str) -> String {
    format!("※ {year} {label}: {letter} としました（{reason}）")
}
/// An indicator's chart in words, for the web edition and the tagged PDF.
pub fn chart_text(
    name: &str,
    actual: &[(String, String)],
    target: Option<(String, String)>,
) -> String {
    let values: Vec<String> = actual.iter().map(|(y, v)| format!("{y} {v}")).collect();
    let values = if values.is_empty() {
        "実績値なし".to_owned()
    } else {
        values.join("、")
    };
    match target {
        Some((year, value)) => format!("{name}のグラフ: {values}（目標 {year} {value}）"),
        None => format!("{name}のグラフ: {values}"),
    }
}
/// The CSV's headings: the goal's number, its name, a change.
pub fn csv_goal_heading() -> &'static str {
    "実施目標 No."
}
pub fn csv_name_heading() -> &'static str {
    "内容"
}
pub fn csv_change_heading() -> &'static str {
    "変化"
}
/// A packet of a year some goals have not reported (or not fully) yet.
pub fn year_half_collected(year: &str, gaps: usize, total: usize, goals: &[u32]) -> String {
    let mut listed: Vec<String> = goals.iter().take(10).map(|no| format!("No.{no}")).collect();
    if goals.len() > 10 {
        listed.push("…".to_owned());
    }
    format!(
        "{year}の結果がそろっていない実施目標が {total} 目標のうち {gaps} あります（{}）。このまま作ると、その行は空きのままです",
        listed.join(", ")
    )
}
pub fn year_half_collected_hint(previous: Option<&str>) -> String {
    match previous {
        Some(previous) => format!(
            "status で足りない欄を確かめてください。前の年度の資料を作るときは --year {previous} を付けます"
        ),
        None => "status で足りない欄を確かめてください".to_owned(),
    }
}
pub fn build_not_written() -> &'static str {
    "PDF は作っていません（前に作った PDF はそのままです）"
}
/// The two columns of a one-year sheet: the year before and the year reported.
pub fn previous_year_heading(year: &str) -> String {
    format!("{year}（前年度）")
}
pub fn report_year_heading(year: &str) -> String {
    format!("{year}（報告する年度）")
}
pub fn indicator_unit_heading() -> &'static str {
    "単位"
}
pub fn indicator_baseline_year_heading() -> &'static str {
    "基準の年度"
}
/// A column under a group's heading, named on its own: 参加者数（目標）.
pub fn grouped_label(group: &str, label: &str) -> String {
    format!("{group}（{label}）")
}
