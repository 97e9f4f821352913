//! Stage 4, the workflow: check, preview, new-year, eject, watch.

use std::path::Path;

use crate::common::*;
use welfare_sheets::data::diagnostic::Severity;
use welfare_sheets::data::load_dataset;
use welfare_sheets::typeset::coverage::SystemFonts;
use welfare_sheets::typeset::memo::Cache;
use welfare_sheets::workflow::check::{CheckOptions, check};

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn preview_draws_one_landscape_sheet_at_the_asked_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("goal.png");
    succeed(
        welfare_sheets()
            .args(["preview", "--goal", "14", "--dpi", "50", "--data"])
            .arg(bundled_data())
            .arg("-o")
            .arg(&out),
    );
    let (width, height) = png_size(&std::fs::read(&out).unwrap());
    // A4 landscape is 297 × 210 mm: 584.6 × 413.4 px at 50 dpi.
    assert!((width as f64 - 297.0 / 25.4 * 50.0).abs() <= 1.0, "{width}");
    assert!(
        (height as f64 - 210.0 / 25.4 * 50.0).abs() <= 1.0,
        "{height}"
    );
}

#[test]
fn new_year_on_the_shipped_data_says_the_rows_are_there_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), dir.path());
    let before = snapshot(dir.path());
    let run = succeed(
        welfare_sheets()
            .args(["new-year", "--data"])
            .arg(dir.path()),
    );
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("令和2年度（R2）の行は、すべての実施目標にもうあります"),
        "{said}"
    );
    assert!(
        said.contains("welfare-sheets forms"),
        "the next step: {said}"
    );
    assert_eq!(snapshot(dir.path()), before, "nothing is written");
}

/// Two goals whose first year is fully reported, in a plan of `years`.
fn reported_first_year(period_to: &str) -> tempfile::TempDir {
    let plan = format!(
        "# 計画\nplan:\n  title: 試しの計画\n  issuers: [防府市]\n  packet_label: 資料 8\n  period: {{ from: H28, to: {period_to} }}\n"
    );
    let goal = |no: u32| {
        format!(
            "goals:\n  - no: {no}   # 番号\n    content: 内容{no}\n    target: 目標{no}\n    years:\n      - year: 28\n        activities: 予定\n        results: 成果  # 注釈\n        challenges: 課題\n        evaluation: B\n      # 次の年度はここに\n"
        )
    };
    dataset_dir(&[
        ("plan.yaml", plan.as_str()),
        ("goals/01.yaml", goal(1).as_str()),
        ("goals/02.yaml", goal(2).as_str()),
    ])
}

#[test]
fn new_year_adds_the_year_being_collected_one_line_per_goal_and_keeps_everything_else() {
    let dir = reported_first_year("H29");
    let before: Vec<String> = ["goals/01.yaml", "goals/02.yaml"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
        .collect();
    succeed(
        welfare_sheets()
            .args(["new-year", "--data"])
            .arg(dir.path()),
    );
    for (name, before) in ["goals/01.yaml", "goals/02.yaml"].iter().zip(&before) {
        let after = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let before_lines: Vec<&str> = before.lines().collect();
        let after_lines: Vec<&str> = after.lines().collect();
        assert_eq!(after_lines.len(), before_lines.len() + 1, "{name}");
        let added: Vec<&&str> = after_lines
            .iter()
            .filter(|line| !before_lines.contains(line))
            .collect();
        assert_eq!(added.len(), 1, "{name}: {added:?}");
        assert_eq!(added[0].trim(), "- year: 29", "{name}");
        assert!(after.contains("results: 成果  # 注釈"), "comments stay");
    }
    let rolled = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    for goal in &rolled.goals {
        let last = goal.years.last().unwrap();
        assert_eq!(last.year.row_label(), "29");
        assert!(!rolled.reports(goal, last.year));
    }
}

#[test]
fn new_year_past_the_plan_period_needs_extend_and_then_moves_the_period() {
    let dir = reported_first_year("H28");
    let before = snapshot(dir.path());
    let refused = welfare_sheets()
        .args(["new-year", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success(), "29 lies beyond the plan period");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("データのファイルは書き換えていません"),
        "{said}"
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused roll-forward changes nothing"
    );
    succeed(
        welfare_sheets()
            .args(["new-year", "--extend", "--data"])
            .arg(dir.path()),
    );
    let rolled = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rolled.plan.period.to.row_label(), "29");
    assert!(rolled.goals.iter().all(|g| g.years.len() == 2));
}

#[test]
fn eject_writes_a_self_contained_typst_project() {
    let dir = tempfile::tempdir().unwrap();
    succeed(
        welfare_sheets()
            .arg("eject")
            .arg(dir.path())
            .args(["--year", "R1", "--data"])
            .arg(bundled_data()),
    );
    let main = std::fs::read_to_string(dir.path().join("main.typ")).unwrap();
    assert!(main.contains("json(\"/data.json\")"));
    for (path, text) in welfare_sheets::typeset::templates::FILES {
        let ejected =
            std::fs::read_to_string(dir.path().join(path.trim_start_matches('/'))).unwrap();
        assert_eq!(&ejected, text, "{path}");
    }
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("data.json")).unwrap()).unwrap();
    assert_eq!(
        data["goals"].as_array().unwrap().len(),
        dataset().goals.len()
    );
    assert_eq!(data["report_year"], "R1");
    for (name, bytes) in welfare_sheets::typeset::fonts::BUNDLED_FILES {
        assert_eq!(
            std::fs::read(dir.path().join("fonts").join(name)).unwrap(),
            *bytes
        );
    }
    assert!(dir.path().join("fonts/OFL.txt").exists());
    let source = dir.path().join("dataset.yaml");
    let back = load_dataset(&source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.goals.len(), dataset().goals.len());
}

/// Polls `condition` for at most a minute.
fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !condition() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn watch_rerenders_on_edit_and_keeps_the_last_good_pdf_on_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&bundled_data(), &data);
    let output = dir.path().join("sheets.pdf");
    let log = dir.path().join("watch.log");
    let mut child = welfare_sheets()
        .args(["watch", "--data"])
        .arg(&data)
        .arg("-o")
        .arg(&output)
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let log_text = || std::fs::read_to_string(&log).unwrap_or_default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for("the first render", || {
            log_text().contains("組み直しました: 29 ページ")
        });
        let first = std::fs::read(&output).unwrap();

        let goal = data.join("goals/01.yaml");
        let text = std::fs::read_to_string(&goal).unwrap();
        let edited = text.replace("毎年5回程度の実施", "毎年6回程度の実施");
        assert_ne!(text, edited);
        std::fs::write(&goal, &edited).unwrap();
        wait_for("the re-render", || {
            log_text().matches("組み直しました: 29 ページ").count() >= 2
        });
        let second = std::fs::read(&output).unwrap();
        assert_ne!(first, second, "the edit changed the PDF");
        // Laid out again only where it changed, it is what a fresh run of
        // the edited data writes.
        let fresh = dir.path().join("fresh.pdf");
        succeed(
            welfare_sheets()
                .args(["sheets", "--no-cache", "--data"])
                .arg(&data)
                .arg("-o")
                .arg(&fresh),
        );
        assert!(
            std::fs::read(&fresh).unwrap() == second,
            "the re-render differs from a fresh run"
        );
        assert!(log_text().contains("変更:"), "{}", log_text());

        std::fs::write(&goal, edited.replace("evaluation: B", "evaluation: E")).unwrap();
        wait_for("the bad edit's message", || {
            log_text().contains("前の正しい PDF を残しています")
        });
        assert!(log_text().contains("評価"), "{}", log_text());
        assert_eq!(
            std::fs::read(&output).unwrap(),
            second,
            "last good PDF kept"
        );
    }));
    child.kill().unwrap();
    child.wait().unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

// ------------------------------------------------------------- check

#[test]
fn check_is_clean_on_the_bundled_dataset() {
    let report = check(&CheckOptions {
        data: bundled_data(),
        year: None,
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
        cache: Cache::Off,
    });
    assert!(report.passes(true), "{}", render_all(&report.diagnostics));
    assert!(report.pages.unwrap() >= 29);
}

/// A paragraph long enough to need a smaller size (`lines` lines of about
/// 60 characters).
fn long_text(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("{i}行目：地域福祉の推進に向けた取組を関係機関と連携して進め、成果と課題を整理しました。"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_notes_a_shrunk_sheet_and_warns_of_a_follow_on_page() {
    let shrink = format!(
        "goals:\n  - no: 3\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        results: {}\n        evaluation: B\n",
        serde_json::to_string(&long_text(28)).unwrap()
    );
    let overflow = format!(
        "goals:\n  - no: 4\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        results: 短い\n        challenges: {}\n        evaluation: C\n",
        serde_json::to_string(&long_text(160)).unwrap()
    );
    let dir = dataset_dir(&[
        ("plan.yaml", PLAN_YAML),
        ("goals/03.yaml", &shrink),
        ("goals/04.yaml", &overflow),
    ]);
    let report = check(&CheckOptions {
        data: dir.path().to_owned(),
        year: None,
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
        cache: Cache::Off,
    });
    let note = the(&report.diagnostics, "に縮めました");
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(note.place.to_string(), "実施目標 No.3 / 28 / 内容と成果");
    assert_eq!(
        note.location().unwrap(),
        location(dir.path(), "goals/03.yaml", &shrink, "\"0行目", 0)
    );
    let warning = the(&report.diagnostics, "続きのページが");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.place.to_string(), "実施目標 No.4 / 28 / 課題");
    assert_eq!(
        warning.location().unwrap(),
        location(dir.path(), "goals/04.yaml", &overflow, "\"0行目", 0)
    );
    assert!(report.passes(false));
    assert!(!report.passes(true));
}

#[test]
fn check_refuses_a_year_outside_the_plan() {
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", GOAL_HEAD)]);
    let report = check(&CheckOptions {
        data: dir.path().to_owned(),
        year: Some("R5".parse().unwrap()),
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
        cache: Cache::Off,
    });
    let d = the(&report.diagnostics, "--year の 令和5年度（2023）は計画期間");
    assert!(d.is_error());
    assert!(!report.passes(false));
}

#[test]
fn the_check_command_exits_0_clean_1_on_errors_and_on_warnings_when_strict() {
    let run = |dir: &Path, strict: bool| {
        let mut command = welfare_sheets();
        command
            .args(["check", "--no-system-fonts", "--data"])
            .arg(dir);
        if strict {
            command.arg("--strict");
        }
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let clean = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", GOAL_HEAD)]);
    let (code, stderr) = run(clean.path(), true);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("点検の結果: エラー 0 件、警告 0 件"),
        "{stderr}"
    );

    let bad = format!(
        "{GOAL_HEAD}    years:\n      - year: R1\n        evaluation: E\n      - year: R1\n"
    );
    let broken = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", &bad)]);
    let (code, stderr) = run(broken.path(), false);
    assert_eq!(code, Some(1), "{stderr}");
    // rustc-style: location, the line, the marker under the value, the hint.
    let (line, column) = at(&bad, "evaluation: ", 12);
    let file = broken.path().join("goals/05.yaml");
    assert!(
        stderr.contains(&format!(
            "エラー: {}:{line}:{column}: 実施目標 No.5 / R1 / 評価: \"E\" は使えません（A・B・C・D のいずれか）\n  |\n{line} |         evaluation: E\n  |                     ^\n  = ヒント: ",
            file.display()
        )),
        "{stderr}"
    );

    let overflow = format!(
        "goals:\n  - no: 4\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        challenges: {}\n        evaluation: C\n",
        serde_json::to_string(&long_text(160)).unwrap()
    );
    let warned = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/04.yaml", &overflow)]);
    let (code, stderr) = run(warned.path(), false);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("警告: "), "{stderr}");
    let (code, _) = run(warned.path(), true);
    assert_eq!(code, Some(1));
}

// ------------------------------------------------------------- init

/// Every string value of a YAML text (comments are not values).
fn yaml_strings(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| yaml_strings(v, out)),
        serde_yaml::Value::Mapping(map) => map.values().for_each(|v| yaml_strings(v, out)),
        _ => {}
    }
}

#[test]
fn init_writes_a_dataset_whose_check_lists_exactly_its_placeholders() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("第三次計画");
    let run = welfare_sheets()
        .args(["init", "--from", "R3", "--to", "R7"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(english_words(&stderr, &[]).is_empty(), "{stderr}");
    for file in ["plan.yaml", "goals/01.yaml", "schema.json", "README.md"] {
        assert!(dir.join(file).is_file(), "{file}");
    }

    // The placeholders, counted from the files' values.
    let mut placeholders = Vec::new();
    for file in ["plan.yaml", "goals/01.yaml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut strings = Vec::new();
        yaml_strings(&serde_yaml::from_str(&text).unwrap(), &mut strings);
        placeholders.extend(strings.into_iter().filter(|s| s.starts_with('★')));
    }
    assert!(placeholders.len() >= 10, "{placeholders:?}");

    let report = check(&CheckOptions {
        data: dir.clone(),
        year: None,
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
        cache: Cache::Off,
    });
    let errors: Vec<&welfare_sheets::data::Diagnostic> =
        report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(
        errors.len(),
        placeholders.len(),
        "{}",
        render_all(&report.diagnostics)
    );
    for error in &errors {
        assert!(error.message.starts_with("まだ見本のままです"), "{error}");
        assert!(
            error
                .source_line
                .as_deref()
                .unwrap_or_default()
                .contains('★'),
            "{error}"
        );
    }
    let mut named: Vec<String> = errors
        .iter()
        .map(|e| {
            e.message
                .split('「')
                .nth(1)
                .unwrap()
                .trim_end_matches('」')
                .to_owned()
        })
        .collect();
    named.sort();
    placeholders.sort();
    assert_eq!(named, placeholders);

    // A folder that is not empty is refused, and left as it was.
    let again = welfare_sheets().arg("init").arg(&dir).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("フォルダが空ではありません"));

    // Filled in, the folder builds a packet.
    for file in ["plan.yaml", "goals/01.yaml"] {
        let path = dir.join(file);
        let filled: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|line| {
                if line.trim_start().starts_with('#') {
                    line.to_owned()
                } else {
                    line.replace('★', "")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, filled).unwrap();
    }
    let out = parent.path().join("out");
    succeed(
        welfare_sheets()
            .args(["build", "--data"])
            .arg(&dir)
            .arg("--out-dir")
            .arg(&out),
    );
    let pdf = std::fs::read(out.join("2021-R3-sheets.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
