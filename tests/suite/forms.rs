//! The yearly collection as the secretariat runs it: `forms` out to the
//! sections, their answers filled in by tools that are not ours (openpyxl,
//! LibreOffice), `import` back into the dataset, `status` in between.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use welfare_sheets::data::cell_text::{from_cell, same_text, to_cell};
use welfare_sheets::data::model::RichText;
use welfare_sheets::data::text::text_fields;

/// The collection with its forms made and 高齢福祉課's form filled.
fn filled_collection() -> (tempfile::TempDir, PathBuf) {
    let dir = collection();
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    let form = dir.path().join("forms/高齢福祉課.xlsx");
    let returned = dir.path().join("回収");
    std::fs::create_dir(&returned).unwrap();
    let filled = returned.join("高齢福祉課.xlsx");
    fill(&form, &filled, &answers());
    (dir, filled)
}

#[test]
fn every_text_of_the_dataset_survives_a_spreadsheet_cell() {
    let dataset = dataset();
    let mut checked = 0;
    for goal in &dataset.goals {
        let goal_texts = ["content", "target", "notes", "direction"].map(|k| goal.fields.text(k));
        let year_texts = goal.years.iter().flat_map(|y| {
            ["activities", "results", "challenges", "remarks"].map(|k| y.fields.text(k))
        });
        for text in goal_texts.into_iter().chain(year_texts) {
            let back = from_cell(&to_cell(text));
            assert!(
                same_text(&back, text),
                "No.{}: {text:?} came back as {back:?}",
                goal.no
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        dataset.goals.len() * 4
            + dataset
                .goals
                .iter()
                .map(|g| g.years.len() * 4)
                .sum::<usize>()
    );
    // The texts include every kind of block the convention carries.
    let all: String = text_fields(&dataset.plan, None, &dataset.goals)
        .iter()
        .map(|f| f.path.clone())
        .collect();
    for kind in ["list[", "heading", "table["] {
        assert!(all.contains(kind), "no {kind} in the dataset");
    }
}

#[test]
fn forms_then_import_unchanged_changes_nothing() {
    let dir = collection();
    let before = snapshot(&dir.path().join("data"));
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    let forms = snapshot(&dir.path().join("forms"));
    let names: Vec<String> = forms.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(names, ["担当未設定.xlsx", "高齢福祉課.xlsx"]);
    // Workbooks have no pages to count: the closing line counts files only.
    let closing = stderr.lines().last().unwrap_or_default();
    assert!(
        closing.starts_with("完了: 2 ファイル、") && !closing.contains("ページ"),
        "{stderr}"
    );
    // The same dataset makes the same bytes.
    let again = tempfile::tempdir().unwrap();
    let (code, _, _) = run(
        dir.path(),
        &["forms", "--out-dir", again.path().to_str().unwrap()],
    );
    assert_eq!(code, Some(0));
    assert_eq!(snapshot(again.path()), forms);

    let (code, _, stderr) = run(dir.path(), &["import", "forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("何も書き換えていません"), "{stderr}");
    assert_eq!(snapshot(&dir.path().join("data")), before);

    // By goal: one workbook each, and the same result.
    let by_goal = tempfile::tempdir().unwrap();
    let (code, _, _) = run(
        dir.path(),
        &[
            "forms",
            "--by",
            "goal",
            "--out-dir",
            by_goal.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(snapshot(by_goal.path()).len(), 29);
    let (code, _, stderr) = run(dir.path(), &["import", by_goal.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(snapshot(&dir.path().join("data")), before);
}

#[test]
fn a_section_fills_its_form_and_the_answers_reach_the_data_and_the_packet() {
    let (dir, filled) = filled_collection();
    let data = dir.path().join("data");

    // Before anything came back, an empty folder is no problem.
    let empty = dir.path().join("空");
    std::fs::create_dir(&empty).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["status", "--forms", "空"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("未提出: 高齢福祉課（No.5, No.14）"),
        "{stdout}"
    );

    let (code, stdout, _) = run(dir.path(), &["status", "--forms", "回収"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("令和2年度の記入状況: 29 目標のうち 0 目標がそろっています"),
        "{stdout}"
    );
    assert!(
        stdout.contains("取り込み待ち: 高齢福祉課.xlsx（6 欄"),
        "{stdout}"
    );
    assert!(stdout.contains("未提出: 担当未設定"), "{stdout}");

    let (code, _, stderr) = run(dir.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    // Full-width Ｂ and lower-case c are read as letters, with a note each
    // (counted in a normal run).
    assert!(stderr.contains("注意が 2 件あります"), "{stderr}");
    assert!(stderr.contains("実施目標 No.5 "), "{stderr}");
    assert!(stderr.contains("  評価（R2）: （空） → 「B」"), "{stderr}");
    assert!(
        stderr.contains("取り込みました: 1 ファイルから 2 目標・6 欄"),
        "{stderr}"
    );

    let dataset = welfare_sheets::data::load_dataset(&data).unwrap();
    let goal = |no: u32| dataset.goals.iter().find(|g| g.no == no).unwrap();
    let r2 = |no: u32| {
        goal(no)
            .years
            .iter()
            .find(|y| y.year.row_label() == "R2")
            .unwrap()
    };
    assert_eq!(
        r2(5).fields.letter("evaluation").map(|e| e.letter()),
        Some("B")
    );
    assert_eq!(
        r2(14).fields.letter("evaluation").map(|e| e.letter()),
        Some("C")
    );
    assert_eq!(
        to_cell(r2(5).fields.text("results")),
        "ボランティア講座を4回開きました。\n参加者は延べ120人です。\n・入門講座 2回\n・手話講座 2回"
    );
    assert_eq!(
        to_cell(r2(14).fields.text("results")),
        "【研修会】\n・相談支援研修 3回"
    );
    assert_eq!(to_cell(r2(14).fields.text("challenges")), "3");
    // The edit is minimal: the file keeps its comments, and only R2's row grew.
    let before = std::fs::read_to_string(bundled_data().join("goals/05.yaml")).unwrap();
    let after = std::fs::read_to_string(data.join("goals/05.yaml")).unwrap();
    let r2_line = before.find("      - year: R2").unwrap();
    assert!(after.starts_with(&before[..r2_line].replacen(
        "\n    years:",
        "\n    owners: [高齢福祉課]\n    years:",
        1
    )));
    assert!(after.contains("        results:\n          - |-\n            ボランティア講座を4回開きました。\n            参加者は延べ120人です。\n          - list:\n              - 入門講座 2回\n"), "{after}");

    // The packet for R2 prints the answers.
    let pdf = dir.path().join("r2.pdf");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "sheets",
            "--year",
            "R2",
            "--goal",
            "5",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let text = squash(&pdftotext(&[], &pdf));
    assert!(text.contains("参加者は延べ120人です。"), "{text}");
    assert!(text.contains("・手話講座2回"), "{text}");

    // A second import of the same form changes nothing; status sees it in.
    let (code, _, stderr) = run(dir.path(), &["import", "回収"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("何も書き換えていません"), "{stderr}");
    let (_, stdout, _) = run(dir.path(), &["status", "--forms", "回収"]);
    assert!(stdout.contains("取り込み済み: 高齢福祉課.xlsx"), "{stdout}");
    assert!(
        stdout.contains("高齢福祉課: 2 目標すべてそろっています"),
        "{stdout}"
    );
}

#[test]
fn a_form_resaved_by_libreoffice_imports_to_the_same_dataset() {
    let (direct, filled) = filled_collection();
    let (code, _, stderr) = run(direct.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let expected = snapshot(&direct.path().join("data"));

    let converted = tempfile::tempdir().unwrap();
    let ods = soffice(&filled, "ods", converted.path());
    let back = tempfile::tempdir().unwrap();
    let xlsx = soffice(&ods, "xlsx", back.path());
    let xls = soffice(&filled, "xls", converted.path());
    for file in [ods, xlsx, xls] {
        let dir = collection();
        let (code, _, stderr) = run(dir.path(), &["forms"]);
        assert_eq!(code, Some(0), "{stderr}");
        let (code, _, stderr) = run(dir.path(), &["import", file.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{}: {stderr}", file.display());
        assert_eq!(
            snapshot(&dir.path().join("data")),
            expected,
            "{} imports differently",
            file.display()
        );
    }
}

/// Imports `files` into `dir` and expects a refusal whose text has every
/// one of `needles`, with the dataset left byte-identical.
fn refused(dir: &Path, files: &[&Path], needles: &[&str]) -> String {
    let before = snapshot(&dir.join("data"));
    let mut args = vec!["import".to_owned()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = run(dir, &args);
    assert_eq!(code, Some(1), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }
    assert!(
        english_words(&stderr, &["xlsx", "E16", "No"]).is_empty(),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.join("data")), before, "nothing is written");
    stderr
}

#[test]
fn bad_returns_are_refused_naming_file_and_cell_and_nothing_is_written() {
    let (dir, filled) = filled_collection();
    let form = dir.path().join("forms/高齢福祉課.xlsx");
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();

    // A letter outside A–D, at its cell.
    let letter = bad.join("高齢福祉課.xlsx");
    fill(
        &form,
        &letter,
        &serde_json::json!([{"sheet": "No.5", "year": "R2", "column": "評価", "text": "E"}]),
    );
    refused(
        dir.path(),
        &[&letter],
        &[
            "高齢福祉課.xlsx › No.5 › E16（評価（R2））: \"E\" は使えません（A・B・C・D のいずれか）",
        ],
    );

    // A formula whose value was never computed (openpyxl stores none).
    let formula = bad.join("数式.xlsx");
    fill(
        &form,
        &formula,
        &serde_json::json!([{"sheet": "No.5", "year": "R2", "column": "取組の結果：課題", "formula": "=\"a\"&\"b\""}]),
    );
    refused(
        dir.path(),
        &[&formula],
        &["数式.xlsx › No.5", "数式の結果が保存されていません"],
    );

    // A corrupt file, a workbook that is no form, a password.
    let corrupt = bad.join("壊れた.xlsx");
    let bytes = std::fs::read(&filled).unwrap();
    std::fs::write(&corrupt, &bytes[..bytes.len() / 2]).unwrap();
    refused(
        dir.path(),
        &[&corrupt],
        &[
            "壊れた.xlsx",
            "壊れているか、表計算のファイルではありません",
        ],
    );
    let other = bad.join("ほかの表.xlsx");
    let made = Command::new("python3")
        .arg("-c")
        .arg("import openpyxl,sys; b=openpyxl.Workbook(); b.active['A1']='名簿'; b.save(sys.argv[1])")
        .arg(&other)
        .status()
        .unwrap();
    assert!(made.success());
    // A workbook that is no form is told and left; it blocks nothing.
    let before = snapshot(&dir.path().join("data"));
    let (code, _, stderr) = run(dir.path(), &["import", other.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr
            .contains("ほかの表.xlsx: welfare-sheets の記入用ファイルではないので読み飛ばしました"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.path().join("data")), before);
    let locked = bad.join("鍵.xlsx");
    let encrypted = Command::new("python3")
        .args(["-m", "msoffcrypto", "-e", "-p", "himitsu"])
        .arg(&filled)
        .arg(&locked)
        .output()
        .expect("python3 is needed");
    assert!(
        encrypted.status.success(),
        "{}: {}",
        install_hint("msoffcrypto"),
        String::from_utf8_lossy(&encrypted.stderr)
    );
    refused(
        dir.path(),
        &[&locked],
        &["鍵.xlsx", "パスワードが掛かっていて開けません"],
    );

    // Every problem of every file at once, the good one with them.
    refused(
        dir.path(),
        &[&filled, &letter, &corrupt, &locked],
        &["\"E\" は使えません", "壊れているか", "パスワード"],
    );
}

#[test]
fn a_stale_form_or_another_plans_form_is_refused_and_a_typed_over_cell_is_a_note() {
    let (dir, filled) = filled_collection();

    // A locked cell typed over: ignored, with a note; the answers come in.
    let typed = dir.path().join("回収/上書き.xlsx");
    let mut entries = answers();
    entries
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"sheet": "No.5", "label": "内容", "text": "書き換えた内容"}));
    fill(&dir.path().join("forms/高齢福祉課.xlsx"), &typed, &entries);
    let copy = collection();
    copy_dir(&dir.path().join("forms"), &copy.path().join("forms"));
    let (code, _, stderr) = run(copy.path(), &["-v", "import", typed.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("上書き.xlsx › No.5 › B3（内容）: 変えられない欄が書き換えられていましたが、取り込みませんでした"), "{stderr}");
    assert!(
        !std::fs::read_to_string(copy.path().join("data/goals/05.yaml"))
            .unwrap()
            .contains("書き換えた内容")
    );

    // A field the form does not ask for changed by hand after the form was
    // made: the form is not stale for it.
    let goal = dir.path().join("data/goals/05.yaml");
    let text = std::fs::read_to_string(&goal).unwrap();
    std::fs::write(&goal, text.replacen("evaluation: C", "evaluation: D", 1)).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["import", "--dry-run", filled.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{stderr}");

    // A field it asks for changed by hand to something else: refused,
    // naming it, for that change would be lost.
    let text = std::fs::read_to_string(&goal).unwrap();
    let keys = [
        "year",
        "activities",
        "results",
        "challenges",
        "evaluation",
        "remarks",
    ];
    let by_hand = RichText::Plain("手で書いた成果".into());
    let text = welfare_sheets::data::edit::set_year_key(
        &text,
        0,
        4,
        "results",
        &welfare_sheets::data::edit::Value::Text(&by_hand),
        &keys,
    )
    .unwrap();
    std::fs::write(&goal, text).unwrap();
    refused(
        dir.path(),
        &[&filled],
        &[
            "取り込むと、その変更が消えます（No.5 内容と成果（R2））",
            "--force",
        ],
    );
    let (code, _, stderr) = run(dir.path(), &["import", "--force", filled.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");

    // A form made from another plan's dataset.
    let other = collection();
    let plan = other.path().join("data/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace("第二次防府市地域福祉計画", "第三次防府市地域福祉計画"),
    )
    .unwrap();
    let (code, _, _) = run(other.path(), &["forms"]);
    assert_eq!(code, Some(0));
    let foreign = other.path().join("forms/高齢福祉課.xlsx");
    refused(
        collection().path(),
        &[&foreign],
        &["別の計画のデータから作られた記入用ファイルです"],
    );
}

#[test]
fn two_forms_that_disagree_about_a_field_are_refused() {
    let dir = collection();
    // No.5 belongs to two sections, each with a form.
    let path = dir.path().join("data/goals/05.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "owners: [高齢福祉課]",
            "owners: [高齢福祉課, 市社協 地域福祉係]",
        ),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    let back = dir.path().join("回収");
    std::fs::create_dir(&back).unwrap();
    for (file, letter) in [("高齢福祉課.xlsx", "B"), ("市社協 地域福祉係.xlsx", "C")] {
        fill(
            &dir.path().join("forms").join(file),
            &back.join(file),
            &serde_json::json!([{"sheet": "No.5", "year": "R2", "column": "評価", "text": letter}]),
        );
    }
    refused(dir.path(), &[&back], &["と違うことが書かれています"]);
}

#[test]
fn the_committees_remarks_come_in_through_their_own_workbook() {
    let dir = collection();
    let data = dir.path().join("data");
    let (code, _, stderr) = run(dir.path(), &["forms", "--remarks"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("令和元年度の意見等の記入用ファイル"),
        "{stderr}"
    );
    let form = dir.path().join("forms/意見等.xlsx");
    let back = dir.path().join("回収");
    std::fs::create_dir(&back).unwrap();
    let filled = back.join("意見等.xlsx");
    fill(
        &form,
        &filled,
        &serde_json::json!([
            {"sheet": "意見等", "no": 5, "column": "意見等", "text": "若い世代への周知を工夫してほしい。"},
            {"sheet": "意見等", "no": 14, "column": "意見等", "text": "特になし"},
        ]),
    );
    // Re-saved by another office suite on the secretary's PC.
    let ods = soffice(&filled, "ods", &back);
    std::fs::remove_file(&filled).unwrap();
    let (code, _, stderr) = run(dir.path(), &["import", ods.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("  意見等（R1）: （空） → 「若い世代への周知を工夫してほしい。」"),
        "{stderr}"
    );
    let dataset = welfare_sheets::data::load_dataset(&data).unwrap();
    let remarks = |no: u32| {
        let goal = dataset.goals.iter().find(|g| g.no == no).unwrap();
        let r1 = goal
            .years
            .iter()
            .find(|y| y.year.row_label() == "R1")
            .unwrap();
        to_cell(r1.fields.text("remarks"))
    };
    assert_eq!(remarks(5), "若い世代への周知を工夫してほしい。");
    assert_eq!(remarks(14), "特になし");
    assert_eq!(remarks(1), "", "an empty cell leaves the field as it was");
}

#[test]
fn a_plan_with_its_own_scale_accepts_exactly_its_letters() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/fixtures/documents/six_years"),
        &dir.path().join("data"),
    );
    let (code, _, stderr) = run(dir.path(), &["forms", "--year", "R6"]);
    assert_eq!(code, Some(0), "{stderr}");
    let form = dir.path().join("forms/実施目標01.xlsx");
    let back = dir.path().join("回収");
    std::fs::create_dir(&back).unwrap();
    // D belongs to the default scale, not to this plan's.
    let with_d = back.join("実施目標01.xlsx");
    fill(
        &form,
        &with_d,
        &serde_json::json!([{"sheet": "No.1", "year": "R6", "column": "評価", "text": "D"}]),
    );
    refused(
        dir.path(),
        &[&with_d],
        &["› No.1 › E", "\"D\" は使えません（A・B・C・X のいずれか）"],
    );
    fill(
        &form,
        &with_d,
        &serde_json::json!([{"sheet": "No.1", "year": "R6", "column": "評価", "text": "X"}]),
    );
    let (code, _, stderr) = run(dir.path(), &["import", with_d.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");

    // In the data, too: check names the file, the line and the scale.
    let goals = dir.path().join("data/goals.yaml");
    let text = std::fs::read_to_string(&goals).unwrap();
    std::fs::write(
        &goals,
        text.replacen("evaluation: A }", "evaluation: D }", 1),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("data/goals.yaml:"), "{stderr}");
    assert!(
        stderr.contains("実施目標 No.1 / R5 / 評価: \"D\" は使えません（A・B・C・X のいずれか）"),
        "{stderr}"
    );
}
