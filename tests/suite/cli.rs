//! The command line as a clerk runs it: outputs, errors, and a failed run
//! that leaves every earlier output byte-identical.

use std::process::Command;

use crate::common::*;

#[test]
fn malformed_yaml_names_its_line_and_leaves_the_old_pdf_alone() {
    let bad_goal = "goals:\n  - no: 3\n    content: 内容\n    target: [unclosed\n";
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/03.yaml", bad_goal)]);
    let output = dir.path().join("sheets.pdf");
    std::fs::write(&output, b"earlier good output").unwrap();

    let run = welfare_sheets()
        .args(["sheets", "--data"])
        .arg(dir.path())
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();

    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("goals/03.yaml:"), "{stderr}");
    let location = stderr
        .split("goals/03.yaml:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|line| line.parse::<usize>().ok());
    assert!(matches!(location, Some(4 | 5)), "line number in {stderr}");
    assert_eq!(std::fs::read(&output).unwrap(), b"earlier good output");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_none_or(|x| x != "yaml"))
        .filter(|e| e.file_name() != "goals" && e.file_name() != "sheets.pdf")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_bad_evaluation_names_goal_year_and_field() {
    let goal = "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n    years:\n      - year: R1\n        evaluation: E\n";
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", goal)]);
    let run = welfare_sheets()
        .args(["sheets", "--data"])
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.pdf"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("goals/05.yaml:7:21"), "{stderr}");
    assert!(stderr.contains("実施目標 No.5 / R1 / 評価"), "{stderr}");
    assert!(stderr.contains("A・B・C・D"), "{stderr}");
    assert!(!dir.path().join("out.pdf").exists());
}

#[test]
fn sheets_writes_the_selected_goals_and_reports_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("packet.pdf");
    let run = welfare_sheets()
        .args([
            "sheets", "--year", "R1", "--goal", "14", "--goal", "28", "--data",
        ])
        .arg(bundled_data())
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("令和元年度"), "{stderr}");
    let pdf = std::fs::read(&output).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Exactly the two goals asked for, in order, one page each.
    let pages: Vec<String> = pdftotext(&[], &output)
        .split('\u{c}')
        .map(squash)
        .filter(|page| !page.is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for goal in &dataset().goals {
        let content = squash(&goal.fields.text("content").plain_text());
        let on: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains(&content))
            .collect();
        let expected: &[usize] = match goal.no {
            14 => &[0],
            28 => &[1],
            _ => &[],
        };
        assert_eq!(on, expected, "No.{} 内容 {content}", goal.no);
    }
}

#[test]
fn no_arguments_builds_into_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let goal = "goals:\n  - no: 1\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        results: 成果\n        evaluation: B\n";
    std::fs::write(dir.path().join("data/plan.yaml"), PLAN_YAML).unwrap();
    std::fs::write(dir.path().join("data/goals.yaml"), goal).unwrap();
    succeed(welfare_sheets().current_dir(dir.path()));
    let pdf = std::fs::read(dir.path().join("out/2016-28-sheets.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

/// The reference reader (poppler) sees one A4-landscape page per sheet and
/// the sheet's text.
#[test]
fn poppler_reads_the_packet() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("packet.pdf");
    succeed(
        welfare_sheets()
            .args([
                "sheets", "--year", "R1", "--goal", "1", "--goal", "28", "--data",
            ])
            .arg(bundled_data())
            .arg("-o")
            .arg(&output),
    );
    let info = tool("pdfinfo", &[], &output);
    let field = |name: &str| {
        info.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("Pages:"), "2", "{info}");
    let size = field("Page size:");
    assert!(
        size.starts_with("841.89 x 595.2") && size.ends_with("(A4)"),
        "A4 landscape: {info}"
    );
    let text = squash(&pdftotext(&[], &output));
    let dataset = dataset();
    for no in [1, 28] {
        let goal = dataset.goals.iter().find(|g| g.no == no).unwrap();
        let content = squash(&goal.fields.text("content").plain_text());
        assert!(
            text.contains(&content),
            "No.{no} 内容 not extracted: {content}"
        );
    }
}

#[test]
fn summary_csv_is_the_goal_by_year_matrix() {
    let run = succeed(
        welfare_sheets()
            .args(["summary", "--bom", "--data"])
            .arg(bundled_data()),
    );
    let text = String::from_utf8(run.stdout).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("--bom starts with a BOM");
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("実施目標 No.,内容,28,29,30,R1,R2"));
    let dataset = dataset();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), dataset.goals.len());
    for (row, goal) in rows.iter().zip(&dataset.goals) {
        let cells: Vec<&str> = row.rsplitn(6, ',').collect();
        let no = cells[5].split(',').next().unwrap();
        assert_eq!(no, goal.no.to_string());
        for (label, cell) in ["R2", "R1", "30", "29", "28"].iter().zip(&cells) {
            let expected = goal
                .years
                .iter()
                .find(|e| e.year.row_label() == *label)
                .and_then(|e| e.fields.letter("evaluation"))
                .map(|e| e.letter())
                .unwrap_or("");
            assert_eq!(*cell, expected, "No.{} {label}", goal.no);
        }
    }
}

#[test]
fn summary_markdown_counts_each_letter_per_year() {
    let run = welfare_sheets()
        .args(["summary", "--format", "markdown", "--year", "R1", "--data"])
        .arg(bundled_data())
        .output()
        .unwrap();
    let text = String::from_utf8(run.stdout).unwrap();
    let dataset = dataset();
    for (letter, year) in [("B", "30"), ("C", "R1"), ("D", "30")] {
        let count = dataset
            .goals
            .iter()
            .filter(|g| {
                g.years.iter().any(|e| {
                    e.year.row_label() == year
                        && e.fields
                            .letter("evaluation")
                            .is_some_and(|x| x.letter() == letter)
                })
            })
            .count();
        let column = ["28", "29", "30", "R1"]
            .iter()
            .position(|y| *y == year)
            .unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("| {letter} |")))
            .unwrap_or_else(|| panic!("no count line for {letter} in {text}"));
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(
            cells[2 + column],
            count.to_string(),
            "{letter} in {year}: {line}"
        );
    }
    assert!(!text.contains("| R2 |"), "--year R1 leaves R2 out");
}

#[test]
fn quiet_prints_nothing_and_otherwise_one_closing_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |quiet: bool| {
        let mut command = welfare_sheets();
        if quiet {
            command.arg("--quiet");
        }
        command
            .args(["sheets", "--goal", "1", "--data"])
            .arg(bundled_data())
            .arg("-o")
            .arg(dir.path().join("one.pdf"))
            .output()
            .unwrap()
    };
    let quiet = run(true);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    let loud = run(false);
    let stderr = String::from_utf8_lossy(&loud.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("完了: 1 ファイル、1 ページ、"), "{stderr}");
}

// --------------------------------------------------------- nothing lost

/// Runs the binary with the size of any file it writes limited to 32 KiB
/// (`ulimit -f`), which a PDF exceeds: the write fails as on a full disk.
/// Works for root too, where a read-only folder would not stop a write.
fn with_full_disk(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_welfare-sheets"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_failed_sheets_run_leaves_the_previous_pdf_byte_identical() {
    let good = format!(
        "{GOAL_HEAD}    years:\n      - year: 28\n        results: 成果\n        evaluation: B\n"
    );
    let dir = dataset_dir(&[("data/plan.yaml", PLAN_YAML), ("data/goals/05.yaml", &good)]);
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let output = out.join("sheets.pdf");
    succeed(
        welfare_sheets()
            .args(["sheets", "--no-system-fonts", "--data"])
            .arg(&data)
            .arg("-o")
            .arg(&output),
    );
    let before = snapshot(&out);
    assert_eq!(before.len(), 1);

    // Bad data: a validation error, a parse error, a character no font has.
    for bad in [
        good.replace("evaluation: B", "evaluation: E"),
        good.replace("results: 成果", "results: [成果"),
        good.replace("成果", "\"\\U0010FFFD\""),
    ] {
        std::fs::write(data.join("goals/05.yaml"), &bad).unwrap();
        let run = welfare_sheets()
            .args(["sheets", "--no-system-fonts", "--data"])
            .arg(&data)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        assert!(!run.status.success(), "{bad}");
        assert_eq!(snapshot(&out), before, "{bad}");
    }

    // A full disk: good data, but the write fails.
    std::fs::write(
        data.join("goals/05.yaml"),
        good.replace("成果", "新しい成果"),
    )
    .unwrap();
    let run = with_full_disk(&[
        "sheets".as_ref(),
        "--no-system-fonts".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("エラー:"), "{stderr}");
    assert_eq!(snapshot(&out), before, "no partial or temporary file left");
}

#[test]
fn a_failed_build_leaves_every_previous_output_byte_identical() {
    let good = format!(
        "{GOAL_HEAD}    years:\n      - year: 28\n        results: 成果\n        evaluation: B\n"
    );
    let dir = dataset_dir(&[("data/plan.yaml", PLAN_YAML), ("data/goals/05.yaml", &good)]);
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let build = || {
        let mut command = welfare_sheets();
        command
            .args(["build", "--no-system-fonts", "--data"])
            .arg(&data)
            .arg("--out-dir")
            .arg(&out);
        command
    };
    succeed(&mut build());
    let before = snapshot(&out);
    assert!(!before.is_empty());

    std::fs::write(
        data.join("goals/05.yaml"),
        good.replace("year: 28", "year: R9"),
    )
    .unwrap();
    let run = build().output().unwrap();
    assert!(!run.status.success());
    assert_eq!(snapshot(&out), before);

    std::fs::write(
        data.join("goals/05.yaml"),
        good.replace("成果", "新しい成果"),
    )
    .unwrap();
    let run = with_full_disk(&[
        "build".as_ref(),
        "--no-system-fonts".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--out-dir".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!run.status.success());
    assert_eq!(snapshot(&out), before);
}

// ------------------------------------------------- the clerk's language

/// The subcommands the program's own help lists.
fn subcommands() -> Vec<String> {
    let help = welfare_sheets().arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    let list = text
        .split("コマンド:\n")
        .nth(1)
        .expect("the help lists the commands")
        .split("\n\n")
        .next()
        .unwrap();
    list.lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// Every help text reads in Japanese: each line with words has Japanese in
/// it, and no English word is left outside flags, names and terms.
#[test]
fn every_help_is_japanese() {
    let commands = subcommands();
    assert!(commands.len() >= 12, "{commands:?}");
    let mut helps = vec![(String::new(), vec!["--help".to_owned()])];
    helps.extend(
        commands
            .iter()
            .map(|c| (c.clone(), vec![c.clone(), "--help".to_owned()])),
    );
    for (name, args) in helps {
        let run = welfare_sheets().args(&args).output().unwrap();
        assert!(run.status.success(), "{name}");
        let text = String::from_utf8(run.stdout).unwrap();
        assert!(text.contains("使い方:"), "{name}: {text}");
        assert!(text.contains("オプション:"), "{name}: {text}");
        let left = english_words(&text, &[]);
        assert!(left.is_empty(), "{name}: English {left:?} in\n{text}");
        for line in text.lines().filter(|l| l.trim_start().starts_with("--")) {
            assert!(
                has_japanese(line),
                "{name}: an option without Japanese help: {line}"
            );
        }
    }
}

/// An error a clerk reads: it failed, an エラー line carries `needle`, and
/// nothing printed has an English word outside file names, flags, terms and
/// what the clerk typed (`typed`).
fn assert_japanese_error(code: Option<i32>, stderr: &str, needle: &str, typed: &[&str]) {
    assert_ne!(code, Some(0), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("エラー: ") && line.contains(needle)),
        "no エラー line with {needle:?} in {stderr}"
    );
    let left = english_words(stderr, typed);
    assert!(left.is_empty(), "English {left:?} in {stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn errors_are_told_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("ない");
    let (code, _, stderr) = run_in(
        None,
        &["build".as_ref(), "--data".as_ref(), missing.as_os_str()],
    );
    assert_japanese_error(code, &stderr, "データが読めません", &[]);
    // The folder looked in, in full, for the clerk who double-clicked.
    assert!(
        stderr.contains(&format!("{}（見つかりません）", missing.display())),
        "{stderr}"
    );
    // Run from a folder without data, as a launcher moved away from it is.
    let (code, _, stderr) = run_in(Some(dir.path()), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&dir.path().join("data").display().to_string()),
        "{stderr}"
    );

    let data = bundled_data();
    let out = dir.path().join("x.pdf");
    let sheets = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "sheets".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        let (code, _, stderr) = run_in(None, &args);
        (code, stderr)
    };
    let (code, stderr) = sheets(&["--goal", "99"]);
    assert_japanese_error(code, &stderr, "データにない実施目標です: No.99", &[]);
    let (code, stderr) = sheets(&["--year", "R9"]);
    assert_japanese_error(code, &stderr, "--year の 令和9年度（2027）は計画期間", &[]);
    let (code, stderr) = sheets(&["--year", "Q1"]);
    assert_japanese_error(code, &stderr, "\"Q1\" は年度として読めません", &[]);
    let (code, stderr) = sheets(&["--bogus"]);
    assert_japanese_error(code, &stderr, "知らないオプションです: --bogus", &[]);
    let (code, _, stderr) = run_in(None, &["bulid"]);
    assert_japanese_error(code, &stderr, "もしかして build ですか", &["bulid"]);

    // A file of the dataset that cannot be read (a folder where a file
    // should be, which no permission lets anyone read).
    let folder = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), folder.path());
    let inside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(inside.path(), folder.path().join("goals/30.yaml")).unwrap();
    let (code, _, stderr) = run_in(
        None,
        &[
            "build".as_ref(),
            "--data".as_ref(),
            folder.path().as_os_str(),
            "--out-dir".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_japanese_error(
        code,
        &stderr,
        "ファイルが読めません（ファイルではなくフォルダです）",
        &[],
    );
    assert!(stderr.contains("goals/30.yaml"), "{stderr}");

    // An output folder that cannot be made: a file stands in its path.
    let blocker = dir.path().join("ファイル");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let target = blocker.join("out");
    let (code, _, stderr) = run_in(
        None,
        &[
            "build".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
            "--out-dir".as_ref(),
            target.as_os_str(),
        ],
    );
    assert_japanese_error(code, &stderr, "フォルダを作れません", &[]);
    assert!(
        stderr.contains("途中にフォルダではないものがあります"),
        "{stderr}"
    );
}

/// A full disk: a 64 KiB tmpfs in a private mount namespace where the
/// machine allows one (`unshare`), else writes cut off by the file size
/// limit (`ulimit -f`, with SIGXFSZ ignored so that the write fails rather
/// than the process). Either way the message names the file asked for, not
/// the temporary file, and says what to do.
#[test]
fn a_full_disk_is_told_in_japanese_naming_the_file_asked_for() {
    let data = bundled_data();
    let bin = env!("CARGO_BIN_EXE_welfare-sheets");
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("小さいディスク");
    std::fs::create_dir(&mount).unwrap();
    let script = "mount -t tmpfs -o size=64k tmpfs \"$1\" && shift && exec \"$@\"";
    let tmpfs = Command::new("unshare")
        .args(["-r", "-m", "sh", "-c", script, "sh"])
        .arg(&mount)
        .args([
            bin, "sheets", "--goal", "1", "--goal", "2", "--goal", "3", "--data",
        ])
        .arg(&data)
        .arg("-o")
        .arg(mount.join("資料8.pdf"))
        .output();
    let (stderr, reason) = match tmpfs {
        Ok(run) if !String::from_utf8_lossy(&run.stderr).contains("unshare:") => (
            String::from_utf8_lossy(&run.stderr).into_owned(),
            "保存先の空き容量がありません",
        ),
        _ => {
            let run = Command::new("sh")
                .arg("-c")
                .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
                .arg(bin)
                .args([
                    "sheets", "--goal", "1", "--goal", "2", "--goal", "3", "--data",
                ])
                .arg(&data)
                .arg("-o")
                .arg(mount.join("資料8.pdf"))
                .output()
                .unwrap();
            (
                String::from_utf8_lossy(&run.stderr).into_owned(),
                "ファイルが大きすぎて保存先に書き込めません",
            )
        }
    };
    assert_japanese_error(Some(1), &stderr, reason, &[]);
    assert!(stderr.contains("書き込めません:"), "{stderr}");
    assert!(
        stderr.contains("資料8.pdf"),
        "names the file asked for: {stderr}"
    );
    assert!(
        !stderr.contains("ディスク/.tmp"),
        "names a temporary file: {stderr}"
    );
    assert!(stderr.contains("ヒント:"), "{stderr}");
}

/// A clean build says a few lines: what was written, where, how many pages,
/// how long; the shrunk sheets are one line.
#[test]
fn a_clean_build_prints_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = bundled_data();
    let (code, _, stderr) = run_in(
        None,
        &[
            "build".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
            "--out-dir".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() <= 5, "{stderr}");
    let shrunk = dataset_shrunk_count();
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{shrunk} 枚を縮小して 1 ページに収めました（最小 "
        ))),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2019-R1-sheets.pdf（29 ページ）")),
        "{stderr}"
    );
    assert!(
        lines.last().unwrap().starts_with("完了: 2 ファイル、"),
        "{stderr}"
    );
    assert!(english_words(&stderr, &[]).is_empty(), "{stderr}");

    // --verbose lists each shrunk sheet with the field that takes the most room.
    let (code, _, stderr) = run_in(
        None,
        &[
            "-v".as_ref(),
            "build".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
            "--out-dir".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr
            .matches("に縮めました（いちばん場所を取っているのがこの欄で")
            .count(),
        shrunk,
        "{stderr}"
    );
}

/// How many sheets of the bundled R1 packet are set below the normal size,
/// as the layout reports it.
fn dataset_shrunk_count() -> usize {
    let packet = packet(
        dataset(),
        &welfare_sheets::documents::packet::PacketRequest::default(),
    );
    packet.rendered.fits.iter().filter(|f| f.shrunk()).count()
}
