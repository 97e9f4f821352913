//! What the clerk's year says: new-year, init, watch, eject, import, status.

use std::path::Path;

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
/// What `new-year` did: `added` goals got the row, `already` had it.
pub fn year_added(
    prose: &str,
    label: &str,
    added: usize,
    already: usize,
    extended: bool,
) -> String {
    let which = if already == 0 {
        "すべての実施目標".to_owned()
    } else {
        format!("{added} の実施目標（ほかの {already} 目標にはもうありました）")
    };
    if extended {
        format!("{which}に {prose}（{label}）の行を足し、計画期間をその年度まで延ばしました")
    } else {
        format!("{which}に {prose}（{label}）の行を足しました")
    }
}
/// `new-year` on data whose rows for the year are all there.
pub fn year_rows_exist(prose: &str, label: &str) -> String {
    format!("{prose}（{label}）の行は、すべての実施目標にもうあります。何も書き換えていません")
}
pub fn year_rows_exist_next() -> &'static str {
    "次は welfare-sheets forms で、担当課に送る記入用ファイルを作ります"
}
pub fn new_year_not_written() -> &'static str {
    "データのファイルは書き換えていません（前のままです）"
}

// ------------------------------------------------------------ eject, preview, watch

pub fn ejected(dir: &Path) -> String {
    format!("Typst のプロジェクトを {} に書き出しました", dir.display())
}
/// The command that compiles an ejected project (a command line: no prose).
pub fn ejected_command(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "  typst compile --features a11y-extras --ignore-system-fonts --font-path {dir}/fonts --root {dir} {dir}/main.typ out.pdf"
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
pub fn init_done(dir: &Path, from: &str, to: &str) -> String {
    format!(
        "新しい計画（{from}〜{to}）のデータを {} に作りました",
        dir.display()
    )
}
pub fn init_from_hint() -> &'static str {
    "--from には計画の初年度（R3 など）か、前の計画のデータのフォルダを書きます"
}
pub fn init_next(dir: &Path) -> String {
    format!(
        "★ で始まる見本の文を書き換えてから、welfare-sheets check --data {} で点検してください",
        dir.display()
    )
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
pub fn form_missing(path: &str) -> String {
    format!("ファイルもフォルダも見つかりません（{path}）")
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
/// A field a form would change that changed since the form was made.
pub fn stale_field(no: u32, label: &str) -> String {
    format!("No.{no} {label}")
}
pub fn form_stale(fields: &[String]) -> String {
    format!(
        "このファイルを作った後で、データの次の欄が別の内容に変わっています。取り込むと、その変更が消えます（{}）",
        fields.join("、")
    )
}
/// What to do about a stale form; `reported` when its year was reported.
pub fn form_stale_hint(reported: bool) -> &'static str {
    if reported {
        "報告済みの年度です。データの内容を確かめ、直すところがあればデータを直接書き換えてください"
    } else {
        "変わった欄を確かめてから --force を付けて取り込むか、記入用ファイルを作り直して記入し直してもらってください"
    }
}
/// A form of another year than the one collected (`earlier`: a year already reported).
pub fn form_other_year(form: &str, expected: &str, earlier: bool) -> String {
    if earlier {
        format!(
            "この記入用ファイルは{form}のものです。いま集めているのは{expected}で、{form}の結果は報告済みです"
        )
    } else {
        format!("この記入用ファイルは{form}のものです。いま集めているのは{expected}です")
    }
}
pub fn form_other_year_hint(year: &str) -> String {
    format!("この年度の結果を確かめたうえで直すときだけ、--year {year} を付けて取り込みます")
}
/// What a cell typed outside the form is called in its place.
pub fn outside_label() -> &'static str {
    "記入欄の外"
}
pub fn typed_outside_form(text: &str) -> String {
    format!(
        "記入欄の外に書かれた「{text}」は取り込みません。必要なら黄色のセルに書き直してもらってください"
    )
}
pub fn not_a_form_skipped() -> &'static str {
    "welfare-sheets の記入用ファイルではないので読み飛ばしました"
}
pub fn not_a_form_skipped_hint() -> &'static str {
    "回収したファイルでなければ、このフォルダから移してください"
}
pub fn import_not_written() -> &'static str {
    "どのファイルも取り込んでいません（データはそのままです）"
}
pub fn import_skipped(imported: usize, blank: usize) -> String {
    match (imported, blank) {
        (0, 0) => String::new(),
        (imported, 0) => format!("{imported} ファイルは取り込み済みです"),
        (0, blank) => format!("{blank} ファイルは記入がありません"),
        (imported, blank) => {
            format!("{imported} ファイルは取り込み済み、{blank} ファイルは記入がありません")
        }
    }
}
pub fn import_backup(dir: &Path) -> String {
    format!(
        "書き換える前のデータのファイルを {} に残しました（元に戻すときは、そのファイルを data に戻します）",
        dir.display()
    )
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
    let owner = owner.unwrap_or("担当未設定");
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
pub fn status_form_not_a_form(name: &str) -> String {
    format!("  記入用ファイルではないファイル: {name}（import は読み飛ばします）")
}
pub fn status_form_refused(name: &str, why: &str) -> String {
    format!("  取り込めないファイル: {name}（{why}）")
}
pub fn status_form_other_year(name: &str, year: &str) -> String {
    format!("  {year}のファイル: {name}（いま集めている年度のものではありません）")
}
pub fn status_stale(fields: usize) -> String {
    format!("作った後でデータが変わった欄が {fields} あります")
}
pub fn status_invalid(cells: usize) -> String {
    format!("取り込めないセルが {cells} あります")
}
/// The folder beside the data that keeps copies of files before they change.
pub fn backup_folder() -> &'static str {
    "控え"
}
/// 特記事項 of a goal carried into the next plan, as the sheets print it.
pub fn carried_over(no: u32) -> String {
    format!("旧実施目標No.{no}を継承")
}

// ------------------------------------------------------------ verify

pub fn verify_missing(path: &str) -> String {
    format!("{path} が見つかりません")
}
pub fn verify_nothing_found() -> &'static str {
    "確かめる PDF が見つかりませんでした"
}
pub fn verify_not_a_pdf() -> &'static str {
    "PDF ではありません"
}
pub fn verify_damaged() -> &'static str {
    "PDF が壊れていて読めません（途中で切れているか、書き換えられています）"
}
pub fn verify_checksum_differs() -> &'static str {
    "SHA256SUMS に記録された値と合いません（保存した後で中身が変わっています）"
}
pub fn verify_not_pdfa() -> &'static str {
    "PDF/A-3a の PDF ではありません"
}
pub fn verify_no_source() -> &'static str {
    "元のデータ（dataset.yaml）が添付されていません"
}
pub fn verify_foreign(creator: &str) -> String {
    if creator.is_empty() {
        "welfare-sheets で作った PDF ではありません".to_owned()
    } else {
        format!("welfare-sheets で作った PDF ではありません（作成: {creator}）")
    }
}
pub fn verify_no_document() -> &'static str {
    "添付のデータに、どの資料を作ったかの記録がありません"
}
pub fn verify_source_unreadable(errors: usize) -> String {
    format!("添付のデータが読めません（誤り {errors} 件）")
}
pub fn verify_remake_failed(why: &str) -> String {
    format!("添付のデータから作り直せません: {why}")
}
pub fn verify_remade_differs() -> &'static str {
    "添付のデータから作り直すと、同じ PDF になりません（添付のデータか PDF が書き換えられています）"
}
pub fn verify_listed_missing() -> &'static str {
    "SHA256SUMS に載っているのに、ファイルがありません"
}
pub fn verify_holds(path: &str) -> String {
    format!("確認できました: {path}")
}
pub fn verify_other_version(path: &str, creator: &str) -> String {
    format!(
        "{path}: {creator} で作られた PDF です。PDF/A で元のデータも添付されていますが、作り直しての確認は、その版の welfare-sheets で行ってください"
    )
}
pub fn verify_fails(path: &str) -> String {
    format!("問題があります: {path}")
}
pub fn verify_summary(holds: usize, fails: usize) -> String {
    if fails == 0 {
        format!("{holds} の PDF をすべて確かめました。問題はありません")
    } else {
        format!("{} の PDF のうち {fails} に問題があります", holds + fails)
    }
}
