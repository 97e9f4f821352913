//! The words of the sections' Excel forms, and what `forms` says.

use std::path::Path;

// ------------------------------------------------------------ forms

pub fn remarks_heading(year: &str) -> String {
    format!("推進委員会の意見等（{year}）")
}
pub fn remarks_instructions(labels: &[&str]) -> String {
    format!(
        "黄色のセルに、実施目標ごとの推進委員会の{}を書いてください（ほかのセルは変えられません）。意見がなければ「特になし」と書くか、空のままにします（空のセルはデータを変えません）。",
        labels.join("・")
    )
}
/// A column of the committee's form showing a year's value: `R2 評価`.
pub fn remarks_shown_header(year: &str, label: &str) -> String {
    format!("{year} {label}")
}
/// The workbook's title; `sheet` is the sheet's title.
pub fn form_title(sheet: &str, year: &str) -> String {
    format!("{sheet} 記入用（{year}）")
}
pub fn form_sheet_name(no: u32) -> String {
    format!("No.{no}")
}
pub fn form_heading(sheet: &str, year: &str) -> String {
    format!("{sheet}（{year} 記入用）")
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
/// How to fill a section's form; `next` names the next year's plan to
/// write too (`取組の内容`), when the plan goes on past the year collected.
pub fn form_instructions(year: &str, next: Option<&str>) -> String {
    let what = match next {
        Some(plan) => format!("{year}の結果と、次の年度の{plan}"),
        None => format!("{year}の結果"),
    };
    format!(
        "黄色のセルに{what}を書いてください（ほかのセルは変えられません）。セルの中の改行は Alt+Enter です。各セルの注釈に書き方があります。"
    )
}
/// A column heading under a group's: 取組の結果：内容と成果.
pub fn form_grouped_header(group: &str, label: &str) -> String {
    format!("{group}：{label}")
}
/// A number column's heading with its unit: 実績値（人）.
pub fn form_unit_header(label: &str, unit: &str) -> String {
    format!("{label}（{unit}）")
}
/// The indicators block of a form: its heading row.
pub fn form_indicator_headers(year: &str) -> [String; 5] {
    [
        "指標".to_owned(),
        "単位".to_owned(),
        "基準値".to_owned(),
        "目標値".to_owned(),
        format!("実績値（{year}）"),
    ]
}
/// An indicator's actual value as a field: 実績値（見守り協力員の人数、R3）.
pub fn actual_label(name: &str, year: &str) -> String {
    format!("実績値（{name}、{year}）")
}
/// How a cell to fill is written, for its note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillHow {
    Text,
    List,
    Number,
}

/// The note on a cell to fill: what to write (the field's description from
/// the sheet) and how: a text's lists and headings, a choice from the
/// list, a number.
pub fn form_note(description: &str, how: FillHow) -> String {
    match how {
        FillHow::Text => format!(
            "{description}\n\n書き方:\n・行の頭に「・」で箇条書き\n・【 】だけの行は見出し\n・段落の間は空の行\n空のままにすると、今のデータをそのまま残します。"
        ),
        FillHow::List => format!("{description}\n\n一覧から選んでください。"),
        FillHow::Number => format!(
            "{description}\n\n数だけを書いてください（単位は書かなくてかまいません）。空のままにすると、今のデータをそのまま残します。"
        ),
    }
}
pub fn form_note_author() -> &'static str {
    "事務局"
}
/// The input message of a list of letters: the letters, best first, and
/// what each means when the plan says.
pub fn form_letters_message(letters: &[&str], legend: &[String]) -> String {
    let mut message = format!("{} から選んでください。", letters.join("・"));
    if legend.is_empty()
        && let (Some(best), Some(worst)) = (letters.first(), letters.last())
    {
        message += &format!("{best} がもっともよく、{worst} がもっとも低い評価です。");
    }
    for line in legend {
        message.push('\n');
        message.push_str(line);
    }
    message
}
/// The input message of a list of choices.
pub fn form_choices_message(choices: &[&str]) -> String {
    format!("{} から選んでください。", choices.join("・"))
}
/// The error box Excel shows for a value outside the list.
pub fn form_not_in_list(values: &[&str]) -> String {
    format!(
        "一覧にない値です。{} から選んでください。",
        values.join("・")
    )
}
/// The error box Excel shows for a cell that takes a number.
pub fn form_not_a_number(whole: bool) -> &'static str {
    if whole {
        "整数を書いてください（単位や「,」は要りません）。"
    } else {
        "数を書いてください（単位や「,」は要りません）。"
    }
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
pub fn forms_would_replace_answers(path: &Path, fields: usize) -> String {
    format!(
        "{} には、まだデータに取り込んでいない記入が {fields} 欄あります。作り直すと、その記入が消えます",
        path.display()
    )
}
pub fn forms_would_replace_answers_hint() -> &'static str {
    "先に import で取り込んでください。記入を捨てて作り直すときは --replace を付けます"
}
pub fn forms_not_written(dir: &Path) -> String {
    format!(
        "記入用ファイルは作っていません（{} の前のファイルはそのままです）",
        dir.display()
    )
}
/// A workbook that could not be made (a matter for the developers: the
/// writer's own words follow).
pub fn workbook_failed(detail: &str) -> String {
    format!("記入用ファイルを作れませんでした（{detail}）")
}
