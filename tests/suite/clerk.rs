//! A clerk's ordinary slips never lose a word: text as typed or a clear
//! word at its place, forms that never destroy answers, a returns folder
//! that is a folder, years never crossed silently, all-or-nothing runs that
//! say what they did not write, a half-collected year said.

use std::path::Path;

use crate::common::*;

/// The bundled data with goal 5's R1 challenges (line 42 of its file)
/// replaced by `value` as typed after `challenges: `.
fn with_challenges(value: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), dir.path());
    let path = dir.path().join("goals/05.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let line = lines
        .iter()
        .position(|l| one_line_challenges(l))
        .expect("goal 5 has a one-line challenges");
    let indent = lines[line].len() - lines[line].trim_start().len();
    lines[line] = format!("{}challenges: {value}", " ".repeat(indent));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    dir
}

/// Whether `line` holds a challenges written on that one line.
fn one_line_challenges(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("challenges: ")
        .is_some_and(|value| !value.starts_with(['|', '>']))
}

/// The 1-based line of goal 5's first one-line challenges.
fn challenges_line() -> usize {
    let text = std::fs::read_to_string(bundled_data().join("goals/05.yaml")).unwrap();
    text.lines().position(one_line_challenges).unwrap() + 1
}

/// Runs `check` on `data`; its exit code and what it said.
fn check(data: &Path) -> (Option<i32>, String) {
    let run = welfare_sheets()
        .args(["check", "--data"])
        .arg(data)
        .output()
        .unwrap();
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn a_value_yaml_would_read_otherwise_is_an_error_at_its_character() {
    let line = challenges_line();
    // What the clerk typed, the character the error points at (as a column
    // after `challenges: `), and words of the message.
    let cases: &[(&str, usize, &str)] = &[
        (
            "出前講座 #2 の開催",
            6,
            "# から後ろが注釈として読み飛ばされています",
        ),
        ("#1 回目は中止", 1, "空欄になっています"),
        ("[重要] 会議の開催", 1, "「[」で始まる値は"),
        ("[重要]", 1, "並び（リスト）や組として読まれ"),
        (
            "\"重要\" は会議で決めます",
            5,
            "引用符（\"）で囲んだ部分のあとに文字が続いています",
        ),
        ("*印のある講座", 1, "「*」で始まる値は"),
        ("&印の講座", 1, "「&」で始まる値は"),
        ("!重要 講座", 1, "「!」で始まる値は"),
        ("> 続きは来年度", 1, "「>」で始まる値は"),
        ("%増加", 1, "「%」で始まる値は"),
        ("@地区", 1, "「@」で始まる値は"),
        ("? 検討中", 1, "「?」で始まる値は"),
    ];
    let pdf_dir = tempfile::tempdir().unwrap();
    let pdf = pdf_dir.path().join("sheets.pdf");
    std::fs::write(&pdf, b"the last good packet").unwrap();
    for (typed, column, words) in cases {
        let dir = with_challenges(typed);
        let (code, said) = check(dir.path());
        assert_eq!(code, Some(1), "{typed}: {said}");
        let at = format!(
            "{}:{line}:{}",
            dir.path().join("goals/05.yaml").display(),
            "        challenges: ".chars().count() + column
        );
        assert!(said.contains(&at), "{typed}: not at {at}: {said}");
        assert!(said.contains(words), "{typed}: {said}");
        assert!(
            said.contains("実施目標 No.5"),
            "{typed}: the goal is named: {said}"
        );
        assert!(
            said.contains("'…' で囲んで"),
            "{typed}: the fix is said: {said}"
        );
        // The writing commands refuse too, and keep the last good PDF.
        let run = welfare_sheets()
            .args(["sheets", "--data"])
            .arg(dir.path())
            .arg("-o")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(!run.status.success(), "{typed}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("PDF は作っていません"));
        assert_eq!(std::fs::read(&pdf).unwrap(), b"the last good packet");
    }
}

#[test]
fn the_input_methods_slips_are_named_on_their_own_line() {
    let goal = |body: &str| format!("goals:\n  - no: 5\n    content: 内容\n{body}");
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "    target：目標\n",
            4,
            11,
            "全角の「：」があります。半角の「: 」にしてください",
        ),
        ("    target:目標\n", 4, 11, "「:」のあとに空白がありません"),
        (
            "\u{3000}\u{3000}target: 目標\n",
            4,
            1,
            "字下げに全角の空白があります",
        ),
        ("\ttarget: 目標\n", 4, 1, "字下げにタブがあります"),
    ];
    for (body, line, column, words) in cases {
        let text = goal(body);
        let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &text)]);
        let d = the(&diagnostics, words);
        assert_eq!(
            d.location().unwrap(),
            format!(
                "{}:{line}:{column}",
                dir.path().join("goals/05.yaml").display()
            ),
            "{body:?}"
        );
        assert_eq!(d.place.goal, Some(5), "{body:?}");
    }
}

#[test]
fn text_that_yaml_reads_as_written_prints_as_written() {
    // The marks the guide promises print as they are, and a deliberate
    // comment (two spaces before #) stays a comment.
    let typed = "＃2・A*B_C$ の講座を開く   # 注釈";
    let dir = with_challenges(typed);
    let dataset = welfare_sheets::data::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let goal = dataset.goals.iter().find(|g| g.no == 5).unwrap();
    let texts: Vec<String> = goal
        .years
        .iter()
        .map(|y| y.fields.text("challenges").plain_text())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.trim_end() == "＃2・A*B_C$ の講座を開く"),
        "{texts:?}"
    );
}

#[test]
fn a_japanese_label_written_as_a_key_is_given_its_yaml_name() {
    let text = "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n    years:\n      - year: R1\n        評価: B\n";
    let (_, diagnostics) = load_errors(&[("goals/05.yaml", text)]);
    let d = the(&diagnostics, "「評価」という項目はありません");
    assert_eq!(d.hint.as_deref(), Some("評価 は evaluation と書きます"));
}

#[test]
fn owners_written_with_a_japanese_comma_or_as_one_name_are_read_with_a_note() {
    for (written, expected) in [
        ("[高齢福祉課、社会福祉課]", vec!["高齢福祉課", "社会福祉課"]),
        ("高齢福祉課", vec!["高齢福祉課"]),
    ] {
        let text = format!(
            "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n    owners: {written}\n"
        );
        let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", &text)]);
        let dataset =
            welfare_sheets::data::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dataset.goals[0].owners, expected);
        assert!(
            dataset.notes.iter().any(|n| n.message.contains("担当を")),
            "{written}: a note says how it was read"
        );
    }
}

#[test]
fn forms_never_write_over_answers_not_yet_imported() {
    let dir = collection();
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    // The section filled its form in the forms folder itself.
    let form = dir.path().join("forms/高齢福祉課.xlsx");
    let filled = dir.path().join("filled.xlsx");
    fill(&form, &filled, &answers());
    std::fs::copy(&filled, &form).unwrap();
    let before = snapshot(&dir.path().join("forms"));
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("高齢福祉課.xlsx には、まだデータに取り込んでいない記入が 6 欄あります"),
        "{stderr}"
    );
    assert!(stderr.contains("--replace"), "{stderr}");
    assert!(
        stderr.contains("記入用ファイルは作っていません"),
        "{stderr}"
    );
    assert_same_files(
        &snapshot(&dir.path().join("forms")),
        &before,
        "nothing is replaced",
    );
    let (code, _, stderr) = run(dir.path(), &["forms", "--replace"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_ne!(
        std::fs::read(&form).unwrap(),
        std::fs::read(&filled).unwrap()
    );
}

/// The collection with both workbooks back in 回収: 高齢福祉課's filled,
/// 担当未設定's blank.
fn returned_collection() -> tempfile::TempDir {
    let dir = collection();
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    let back = dir.path().join("回収");
    std::fs::create_dir(&back).unwrap();
    fill(
        &dir.path().join("forms/高齢福祉課.xlsx"),
        &back.join("高齢福祉課.xlsx"),
        &answers(),
    );
    dir
}

#[test]
fn the_returns_folder_takes_late_forms_after_the_remarks_and_a_stray_file_blocks_nothing() {
    let dir = returned_collection();
    let back = dir.path().join("回収");
    // A stray workbook that is no form.
    let stray = back.join("メモ.xlsx");
    let made = std::process::Command::new("python3")
        .arg("-c")
        .arg("import openpyxl,sys; b=openpyxl.Workbook(); b.active['A1']='電話メモ'; b.save(sys.argv[1])")
        .arg(&stray)
        .status()
        .unwrap();
    assert!(made.success());
    // The launcher's `import` (no path: 回収).
    let (code, _, stderr) = run(dir.path(), &["import"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("メモ.xlsx: welfare-sheets の記入用ファイルではないので読み飛ばしました"),
        "{stderr}"
    );
    assert!(
        stderr.contains("取り込みました: 1 ファイルから 2 目標・6 欄"),
        "{stderr}"
    );

    // The committee's remarks for R1 come in from 回収 as well …
    let (code, _, stderr) = run(dir.path(), &["forms", "--remarks", "--year", "R1"]);
    assert_eq!(code, Some(0), "{stderr}");
    fill(
        &dir.path().join("forms/意見等.xlsx"),
        &back.join("意見等.xlsx"),
        &serde_json::json!([{"sheet": "意見等", "no": "5", "column": "意見等", "text": "若い世代への周知を工夫してほしい。"}]),
    );
    let (code, _, stderr) = run(dir.path(), &["import", "--year", "R1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("1 ファイルは取り込み済みです"), "{stderr}");
    // With the committee's form there, the form that never came back is
    // still listed.
    let (_, stdout, _) = run(dir.path(), &["status", "--forms", "回収"]);
    assert!(stdout.contains("未提出: 担当未設定"), "{stdout}");

    // … and a late section's form still comes in by the launcher's import,
    // beside the forms already in.
    fill(
        &dir.path().join("forms/担当未設定.xlsx"),
        &back.join("担当未設定.xlsx"),
        &serde_json::json!([{"sheet": "No.1", "year": "R2", "column": "評価", "text": "B"}]),
    );
    let (code, _, stderr) = run(dir.path(), &["import"]);
    assert_eq!(
        code,
        Some(0),
        "the remarks make no section's form stale: {stderr}"
    );
    assert!(stderr.contains("評価（R2）: （空） → 「B」"), "{stderr}");
    assert!(stderr.contains("取り込み済み"), "{stderr}");

    // status tells every file as import took it; the blank form that never
    // came back stays listed.
    let (_, stdout, _) = run(dir.path(), &["status", "--forms", "回収"]);
    assert!(stdout.contains("取り込み済み: 高齢福祉課.xlsx"), "{stdout}");
    assert!(stdout.contains("取り込み済み: 担当未設定.xlsx"), "{stdout}");
    assert!(
        stdout.contains("記入用ファイルではないファイル: メモ.xlsx"),
        "{stdout}"
    );
    assert!(stdout.contains("意見等.xlsx"), "{stdout}");
}

#[test]
fn a_form_of_a_year_already_reported_is_named_and_needs_the_year_said() {
    let dir = collection();
    let (code, _, stderr) = run(
        dir.path(),
        &["forms", "--year", "R1", "--out-dir", "forms-r1"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let back = dir.path().join("回収");
    std::fs::create_dir(&back).unwrap();
    let filled = back.join("高齢福祉課.xlsx");
    fill(
        &dir.path().join("forms-r1/高齢福祉課.xlsx"),
        &filled,
        &serde_json::json!([{"sheet": "No.5", "year": "R1", "column": "評価", "text": "A"}]),
    );
    let before = snapshot(&dir.path().join("data"));
    let (code, _, stderr) = run(dir.path(), &["import"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("この記入用ファイルは令和元年度のものです。いま集めているのは令和2年度で、令和元年度の結果は報告済みです"),
        "{stderr}"
    );
    assert!(stderr.contains("--year R1"), "{stderr}");
    assert!(
        !stderr.contains("--force"),
        "no hint invites --force: {stderr}"
    );
    assert!(
        stderr.contains("どのファイルも取り込んでいません（データはそのままです）"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.path().join("data")), before);
    let (code, _, stderr) = run(dir.path(), &["import", "--year", "R1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("評価（R1）: 「C」 → 「A」"), "{stderr}");
}

#[test]
fn what_a_section_typed_outside_the_yellow_cells_is_listed_by_default() {
    let dir = collection();
    let (code, _, stderr) = run(dir.path(), &["forms"]);
    assert_eq!(code, Some(0), "{stderr}");
    let filled = dir.path().join("filled.xlsx");
    let mut entries = answers();
    let list = entries.as_array_mut().unwrap();
    list.push(serde_json::json!({"sheet": "No.5", "label": "内容", "text": "書き換えた内容"}));
    list.push(serde_json::json!({"sheet": "No.5", "cell": "B40", "text": "表の下に書いた補足"}));
    fill(&dir.path().join("forms/高齢福祉課.xlsx"), &filled, &entries);
    let (code, _, stderr) = run(dir.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("filled.xlsx › No.5 › B3（内容）: 変えられない欄が書き換えられていましたが、取り込みませんでした"),
        "{stderr}"
    );
    assert!(
        stderr.contains("filled.xlsx › No.5 › B40（記入欄の外）: 記入欄の外に書かれた「表の下に書いた補足」は取り込みません"),
        "{stderr}"
    );
}

#[test]
fn a_failed_build_says_what_it_did_not_write_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    succeed(
        welfare_sheets()
            .args(["build", "--data"])
            .arg(bundled_data())
            .arg("--out-dir")
            .arg(&out),
    );
    let before = snapshot(&out);
    // The booklet cannot be written: a folder stands where it goes.
    let booklet = out.join("2019-R1-booklet.pdf");
    std::fs::remove_file(&booklet).unwrap();
    std::fs::create_dir(&booklet).unwrap();
    std::fs::write(booklet.join("開いている"), b"").unwrap();
    let mut expected = before.clone();
    let name = std::path::PathBuf::from("2019-R1-booklet.pdf");
    expected.remove(&name);
    expected.insert(name.join("開いている"), Vec::new());
    let run = welfare_sheets()
        .args(["build", "--data"])
        .arg(bundled_data())
        .arg("--out-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains("書き込めません"), "{said}");
    assert!(
        said.trim_end()
            .ends_with("PDF は作っていません（前に作った PDF はそのままです）"),
        "the last line says what was not written: {said}"
    );
    assert_same_files(
        &snapshot(&out),
        &expected,
        "the packet was not replaced either",
    );
}

#[test]
fn a_half_collected_year_is_said_and_the_previous_year_can_be_built() {
    let dir = returned_collection();
    let (code, _, stderr) = run(dir.path(), &["import"]);
    assert_eq!(code, Some(0), "{stderr}");
    // Two of 29 goals have R2 results now.
    let (code, said) = check(&dir.path().join("data"));
    assert_eq!(code, Some(0), "a warning is no error: {said}");
    assert!(
        said.contains(
            "令和2年度の結果がそろっていない実施目標が 29 目標のうち 27 あります（No.1, No.2, No.3"
        ),
        "{said}"
    );
    assert!(said.contains("--year R1"), "{said}");
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("令和2年度の結果がそろっていない実施目標が 29 目標のうち 27 あります"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &["build", "--year", "R1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        dir.path().join("out/2019-R1-sheets.pdf").exists(),
        "{stderr}"
    );
    assert!(
        !stderr.contains("そろっていない"),
        "R1 is complete: {stderr}"
    );
}

#[test]
fn check_is_quiet_on_clean_data_and_only_errors_with_q() {
    let (code, said) = check(&bundled_data());
    assert_eq!(code, Some(0), "{said}");
    assert!(said.lines().count() <= 3, "notes in one line: {said}");
    assert!(said.contains("注意が"), "{said}");
    let run = welfare_sheets()
        .args(["-q", "check", "--data"])
        .arg(bundled_data())
        .output()
        .unwrap();
    assert!(run.status.success());
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "",
        "-q says nothing on clean data"
    );
    let dir = with_challenges("出前講座 #2 の開催");
    let run = welfare_sheets()
        .args(["-q", "check", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.starts_with("エラー: "), "{said}");
    assert!(!said.contains("点検の結果"), "only errors with -q: {said}");
}

#[test]
fn the_data_folder_a_clerk_receives_speaks_japanese() {
    let data = bundled_data();
    assert!(
        !data.join("CORRECTIONS.md").exists(),
        "the transcription notes are the developers'"
    );
    for entry in std::fs::read_dir(data.join("goals")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let Some((_, comment)) = line.split_once('#') else {
                continue;
            };
            // The schema line names a file; keys may be named in comments.
            if comment.contains("yaml-language-server") {
                continue;
            }
            let english = english_words(comment, &[]);
            assert!(
                english.is_empty() || has_japanese(comment),
                "{}: an English comment: {line}",
                path.display()
            );
        }
    }
}

#[test]
fn every_command_reads_a_year_as_an_input_method_types_it_and_checks_it_alike() {
    for year in ["令和元年度", "令和元年", "Ｒ１", "２０１９", "元"] {
        let run = welfare_sheets()
            .args(["summary", "--year", year, "--data"])
            .arg(bundled_data())
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{year}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let header = String::from_utf8_lossy(&run.stdout)
            .lines()
            .next()
            .unwrap()
            .to_owned();
        assert!(header.ends_with(",R1"), "{year}: {header}");
    }
    for command in ["summary", "sheets", "forms", "status", "check"] {
        let run = welfare_sheets()
            .args([command, "--year", "R9", "--data"])
            .arg(bundled_data())
            .output()
            .unwrap();
        assert!(!run.status.success(), "{command} --year R9");
        let said = String::from_utf8_lossy(&run.stderr);
        assert!(
            said.contains("計画期間（平成28年度〜令和2年度）の外です"),
            "{command}: {said}"
        );
    }
}

/// The guide's yearly procedure (README 「一年の流れ」), command by command
/// as it writes them, on a copy of the shipped data: one section's form
/// back first, a stray file in 回収, the late form after it, the
/// committee's remarks, then the packet, the web edition and the archive,
/// which verifies.
#[test]
fn the_guides_year_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let guide = readme
        .split("### 一年の流れ")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("the README has the yearly procedure");
    let dir = collection();
    let back = dir.path().join("回収");
    let ran = std::cell::RefCell::new(Vec::<String>::new());
    let step_ending = |line: &str, exit: i32| -> String {
        let args: Vec<&str> = line.split_whitespace().collect();
        let (code, stdout, stderr) = run(dir.path(), &args);
        assert_eq!(code, Some(exit), "welfare-sheets {line}:\n{stdout}{stderr}");
        ran.borrow_mut().push(format!("welfare-sheets {line}"));
        stdout + &stderr
    };
    let step = |line: &str| step_ending(line, 0);

    let said = step("new-year");
    assert!(said.contains("令和2年度"), "{said}");
    step("forms");
    std::fs::create_dir(&back).unwrap();
    fill(
        &dir.path().join("forms/高齢福祉課.xlsx"),
        &back.join("高齢福祉課.xlsx"),
        &answers(),
    );
    std::fs::write(back.join("メモ.txt"), "電話: 内線 123").unwrap();
    // status exits 1 while a form is out: the guide says so.
    let said = step_ending("status --forms 回収", 1);
    assert!(said.contains("未提出: 担当未設定"), "{said}");
    let said = step("import 回収");
    assert!(
        said.contains("取り込みました: 1 ファイルから 2 目標"),
        "{said}"
    );
    // The late form.
    fill(
        &dir.path().join("forms/担当未設定.xlsx"),
        &back.join("担当未設定.xlsx"),
        &serde_json::json!([{"sheet": "No.1", "year": "R2", "column": "評価", "text": "B"}]),
    );
    let said = step("import");
    assert!(said.contains("評価（R2）: （空） → 「B」"), "{said}");
    step("check");
    step("build");
    step("forms --remarks");
    fill(
        &dir.path().join("forms/意見等.xlsx"),
        &back.join("意見等.xlsx"),
        &serde_json::json!([{"sheet": "意見等", "no": "5", "column": "意見等", "text": "若い世代への周知を工夫してほしい。"}]),
    );
    let said = step("import");
    assert!(
        said.contains("若い世代への周知を工夫してほしい。"),
        "{said}"
    );
    step("build");
    step("summary --changes");
    step("web");
    step("build --archive");
    let said = step("verify out/archive");
    assert!(said.contains("問題はありません"), "{said}");

    let sheets = pdftotext(&[], &dir.path().join("out/2020-R2-sheets.pdf"));
    assert!(squash(&sheets).contains("若い世代への周知を工夫してほしい。"));
    assert!(dir.path().join("out/web/index.html").is_file());
    // Every command of the guide's year was run here.
    let ran = ran.into_inner();
    for command in guide
        .split('`')
        .filter(|s| s.starts_with("welfare-sheets "))
    {
        if command.starts_with("welfare-sheets init") {
            continue; // the next plan, after the year
        }
        assert!(
            ran.iter().any(|r| r == command),
            "the guide's `{command}` was not run"
        );
    }
}
