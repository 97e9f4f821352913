//! Any plan's sheet, declared as data: the bundled sheet written out prints
//! the same, the example plans go through check, build, forms, import and
//! the booklet with their numbers, rates and grades computed right, a bad
//! declaration or a bad number is told at its place, and the next plan
//! starts from this one.

use std::path::{Path, PathBuf};

use crate::common::*;
use welfare_sheets::data::load_dataset;
use welfare_sheets::documents::packet::{PacketRequest, make_packet};
use welfare_sheets::typeset::render::export_png;
use welfare_sheets::typeset::world::SheetWorld;

/// Every page of `data`'s packet as PNG (72 dpi), laid out in this process.
fn page_images(data: &Path) -> Vec<Vec<u8>> {
    let dataset = load_dataset(data).unwrap_or_else(|e| panic!("{e}"));
    let mut world = SheetWorld::new(&[] as &[&Path]);
    let packet = make_packet(&mut world, &dataset, &PacketRequest::default())
        .unwrap_or_else(|e| panic!("{e}"));
    (0..packet.rendered.document.pages().len())
        .map(|i| export_png(&packet.rendered.document, i, 72.0).unwrap())
        .collect()
}

#[test]
fn the_bundled_sheet_written_out_prints_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), dir.path());
    let written = succeed(welfare_sheets().args(["sheet", "--data"]).arg(dir.path()));
    std::fs::write(dir.path().join("sheet.yaml"), &written.stdout).unwrap();
    let declared = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(declared.sheet.is_some(), "the copy declares its sheet");
    let (default, explicit) = (page_images(&bundled_data()), page_images(dir.path()));
    assert_eq!(default.len(), explicit.len());
    for (i, (a, b)) in default.iter().zip(&explicit).enumerate() {
        assert!(a == b, "page {} differs", i + 1);
    }
}

/// A copy of the example plan `name` in a folder laid out like the
/// release: `data/`, the forms beside it.
fn example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples").join(name),
        &dir.path().join("data"),
    );
    dir
}

/// What `pdftotext` reads of `pdf`, squashed.
fn sheet_text(pdf: &Path) -> String {
    squash(&pdftotext(&[], pdf))
}

/// A percentage as the sheets print it: one decimal.
fn percent(numerator: f64, denominator: f64) -> String {
    format!("{:.1}%", numerator / denominator * 100.0)
}

#[test]
fn the_indicators_example_computes_its_rates_and_grades_from_the_forms() {
    let dir = example("indicators");
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(dir.path(), &["forms", "--by", "goal"]);
    assert_eq!(code, Some(0), "{stderr}");
    // No.1's R5: numbers typed as a number and as full-width text, the
    // indicator's actual value as text with its unit.
    let form = dir.path().join("forms/実施目標01.xlsx");
    let filled = dir.path().join("filled.xlsx");
    fill(
        &form,
        &filled,
        &serde_json::json!([
            {"sheet": "No.1", "year": "R5", "column": "実績・成果", "text": "養成講座を3回開きました。"},
            {"sheet": "No.1", "year": "R5", "column": "参加者数：目標（人）", "number": 60},
            {"sheet": "No.1", "year": "R5", "column": "参加者数：実績（人）", "text": "４５"},
            {"sheet": "No.1", "label": "見守り協力員の人数", "last": true, "text": "１８０人"},
        ]),
    );
    // Through LibreOffice, as another section's office suite saves it.
    let converted = tempfile::tempdir().unwrap();
    let ods = soffice(&filled, "ods", converted.path());
    let (code, _, stderr) = run(dir.path(), &["-v", "import", ods.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("「４５」を数の 45 として読みました"),
        "{stderr}"
    );

    // The values, computed here from the data as the sheet declares them.
    let dataset = load_dataset(&dir.path().join("data")).unwrap_or_else(|e| panic!("{e}"));
    let goal = dataset.goals.iter().find(|g| g.no == 1).unwrap();
    let r5: welfare_sheets::data::era::FiscalYear = "R5".parse().unwrap();
    let number = |key: &str| match goal.year(r5).unwrap().fields.get(key) {
        Some(welfare_sheets::data::model::Value::Number(n)) => n.value,
        other => panic!("{key}: {other:?}"),
    };
    let (planned, participants) = (number("planned"), number("participants"));
    assert_eq!((planned, participants), (60.0, 45.0));
    let rate = participants / planned * 100.0;
    let progress = if rate >= 80.0 {
        "順調"
    } else if rate >= 60.0 {
        "やや遅れ"
    } else {
        "遅れ"
    };
    let indicator = &goal.indicators[0];
    let actual = indicator.actual[&r5].value;
    let target = indicator.target.values().next_back().unwrap().value;
    let baseline = indicator.baseline.as_ref().unwrap().value.value;
    let grade = if actual >= target {
        "S"
    } else if actual > baseline * 1.1 {
        "A"
    } else if actual < baseline * 0.9 {
        "C"
    } else {
        "B"
    };
    assert_eq!(actual, 180.0);

    let (code, _, stderr) = run(dir.path(), &["build", "--year", "R5"]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = sheet_text(&dir.path().join("out/2023-R5-sheets.pdf"));
    for printed in [
        percent(participants, planned),
        progress.to_owned(),
        percent(actual, target),
        "180人（R5）".to_owned(),
    ] {
        assert!(
            text.contains(&squash(&printed)),
            "{printed} not on the sheets"
        );
    }
    let (_, csv, _) = run(dir.path(), &["summary"]);
    let row = csv.lines().find(|l| l.starts_with("1,")).unwrap();
    assert!(row.contains(&format!(",{progress},")), "{row}");
    assert!(row.contains(&percent(participants, planned)), "{row}");
    let (_, csv, _) = run(dir.path(), &["summary", "--indicators"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("1,"))
        .unwrap()
        .split(',')
        .collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(at("実績値 R5"), "180");
    assert_eq!(at("達成率 R5"), percent(actual, target));
    assert_eq!(at("判定 R5"), grade);
    // The grade a person changed keeps its mark, with the reason on the sheet.
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("3,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(
        row[header.iter().position(|h| *h == "判定 R4").unwrap()],
        "A※"
    );
}

#[test]
fn the_committee_example_takes_its_choices_and_both_letters() {
    let dir = example("committee");
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(dir.path(), &["forms", "--by", "goal"]);
    assert_eq!(code, Some(0), "{stderr}");
    let filled = dir.path().join("filled.xlsx");
    fill(
        &dir.path().join("forms/実施目標02.xlsx"),
        &filled,
        &serde_json::json!([
            {"sheet": "No.2", "year": "R5", "column": "効果又は評価の理由", "text": "学校と講座を開きました。"},
            {"sheet": "No.2", "year": "R5", "column": "自己評価", "text": "a"},
            {"sheet": "No.2", "year": "R5", "column": "今後の方向性", "text": "拡充"},
        ]),
    );
    let (code, _, stderr) = run(dir.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    // The committee grades on its own scale, in its own workbook.
    let (code, _, stderr) = run(dir.path(), &["forms", "--remarks", "--year", "R5"]);
    assert_eq!(code, Some(0), "{stderr}");
    let remarks = dir.path().join("remarks.xlsx");
    fill(
        &dir.path().join("forms/意見等.xlsx"),
        &remarks,
        &serde_json::json!([
            {"sheet": "意見等", "no": "2", "column": "委員会評価", "text": "◎"},
            {"sheet": "意見等", "no": "2", "column": "委員の意見", "text": "よい取組です。"},
        ]),
    );
    let (code, _, stderr) = run(
        dir.path(),
        &["import", "--year", "R5", remarks.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{stderr}");

    let (_, csv, _) = run(dir.path(), &["summary"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("2,"))
        .unwrap()
        .split(',')
        .collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(at("自己評価 R5"), "A");
    assert_eq!(at("委員会評価 R5"), "◎");
    assert_eq!(at("今後の方向性 R5"), "拡充");
    let (code, _, stderr) = run(dir.path(), &["build", "--year", "R5"]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = sheet_text(&dir.path().join("out/2023-R5-sheets.pdf"));
    for printed in [
        "R4（前年度）",
        "R5（報告する年度）",
        "学校と講座を開きました。",
        "よい取組です。",
        "拡充",
    ] {
        assert!(
            text.contains(&squash(printed)),
            "{printed} not on the sheets"
        );
    }
    let booklet = sheet_text(&dir.path().join("out/2023-R5-booklet.pdf"));
    assert!(
        booklet.contains("委員会評価"),
        "the booklet counts the committee's scale too"
    );
}

/// Refused with `needles` in what is said, and `out` left as it was.
fn refused_build(data: &Path, needles: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(
        out.path().join("2022-R4-sheets.pdf"),
        b"the last good packet",
    )
    .unwrap();
    let before = snapshot(out.path());
    let run = welfare_sheets()
        .args(["build", "--data"])
        .arg(data)
        .arg("--out-dir")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(!run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    for needle in needles {
        assert!(said.contains(needle), "{needle:?} not in {said}");
    }
    assert_same_files(&snapshot(out.path()), &before, "nothing is written");
}

/// The example `name` with `edit` applied to its file `file`.
fn edited(name: &str, file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = example(name);
    let path: PathBuf = dir.path().join("data").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit applies");
    std::fs::write(&path, changed).unwrap();
    dir
}

#[test]
fn a_declaration_that_cannot_be_laid_out_is_told_at_its_line() {
    let wide = edited("indicators", "sheet.yaml", |t| {
        t.replacen("width: 62mm", "width: 262mm", 1)
    });
    refused_build(
        &wide.path().join("data"),
        &["sheet.yaml:", "ページの幅 277 mm に収まりません"],
    );
    let kind = edited("indicators", "sheet.yaml", |t| {
        t.replacen("kind: number", "kind: numbr", 1)
    });
    refused_build(
        &kind.path().join("data"),
        &["sheet.yaml:", "\"numbr\" は使えません", "number"],
    );
    let label = edited("committee", "sheet.yaml", |t| {
        t.replacen("label: 事業名", "label: \"\"", 1)
    });
    refused_build(
        &label.path().join("data"),
        &["sheet.yaml:", "見出しが空です"],
    );
}

#[test]
fn a_bad_number_or_choice_is_told_at_its_place_and_nothing_is_written() {
    let no_target = edited("indicators", "goals/01.yaml", |t| {
        t.replacen("        planned: 40\n", "", 1)
    });
    refused_build(
        &no_target.path().join("data"),
        &["goals/01.yaml:", "達成率を計算する目標がありません"],
    );
    let zero = edited("indicators", "goals/01.yaml", |t| {
        t.replacen("planned: 40", "planned: 0", 1)
    });
    refused_build(
        &zero.path().join("data"),
        &["goals/01.yaml:", "分母が 0 なので計算できません"],
    );
    let target_zero = edited("indicators", "goals/01.yaml", |t| {
        t.replacen("R7: 200", "R7: 0", 1)
    });
    refused_build(
        &target_zero.path().join("data"),
        &["目標値が 0 なので、達成率を計算できません"],
    );
    let choice = edited("committee", "goals/01.yaml", |t| {
        t.replacen("direction: 継続", "direction: 検討中", 1)
    });
    refused_build(
        &choice.path().join("data"),
        &[
            "goals/01.yaml:",
            "\"検討中\" は選択肢にありません（拡充・継続・改善・縮小・統合・廃止 のいずれか）",
        ],
    );

    // The same in a returned form: a letter in a number cell, a choice
    // not in the list (typed over Excel's drop-down).
    let dir = example("committee");
    let (code, _, stderr) = run(dir.path(), &["forms", "--by", "goal"]);
    assert_eq!(code, Some(0), "{stderr}");
    let filled = dir.path().join("filled.xlsx");
    fill(
        &dir.path().join("forms/実施目標01.xlsx"),
        &filled,
        &serde_json::json!([{"sheet": "No.1", "year": "R5", "column": "今後の方向性", "text": "検討中"}]),
    );
    let before = snapshot(&dir.path().join("data"));
    let (code, _, stderr) = run(dir.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("filled.xlsx › No.1 › E"), "{stderr}");
    assert!(
        stderr.contains("\"検討中\" は選択肢にありません"),
        "{stderr}"
    );
    assert_same_files(
        &snapshot(&dir.path().join("data")),
        &before,
        "nothing is written",
    );

    let dir = example("indicators");
    let (code, _, stderr) = run(dir.path(), &["forms", "--by", "goal"]);
    assert_eq!(code, Some(0), "{stderr}");
    fill(
        &dir.path().join("forms/実施目標01.xlsx"),
        &filled,
        &serde_json::json!([{"sheet": "No.1", "year": "R5", "column": "参加者数：実績（人）", "text": "多数"}]),
    );
    let (code, _, stderr) = run(dir.path(), &["import", filled.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("\"多数\" は数として読めません"), "{stderr}");
}

#[test]
fn the_next_plan_starts_from_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("第三次計画");
    let bundled = bundled_data();
    succeed(
        welfare_sheets()
            .arg("init")
            .arg(&next)
            .arg("--from")
            .arg(&bundled),
    );
    // Only what the new plan must decide is left to fill: its title and
    // each goal's target.
    let (code, said) = {
        let run = welfare_sheets()
            .args(["check", "--data"])
            .arg(&next)
            .output()
            .unwrap();
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(1), "{said}");
    let goals = load_dataset(&bundled).unwrap().goals.len();
    assert!(said.contains(&format!("エラー {} 件", goals + 1)), "{said}");
    // Carried over as the seed's sheets print it.
    let first = std::fs::read_to_string(next.join("goals/01.yaml")).unwrap();
    assert!(first.contains("notes: 旧実施目標No.1を継承"), "{first}");
    assert!(
        first.contains("content: 地域福祉に関する出前講座の実施"),
        "{first}"
    );
    assert!(first.contains("- { from: R3, to: R7 }"), "{first}");
    // Fill what is left, and year one builds.
    for entry in std::fs::read_dir(next.join("goals")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("★新しい目標", "新しい目標")).unwrap();
    }
    let plan = next.join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replace("★計画の正式な名前", "第三次計画")).unwrap();
    let out = dir.path().join("out");
    succeed(
        welfare_sheets()
            .args(["build", "--data"])
            .arg(&next)
            .arg("--out-dir")
            .arg(&out),
    );
    let pdf = out.join("2021-R3-sheets.pdf");
    assert!(pdf.exists());
    let text = sheet_text(&pdf);
    assert!(text.contains(&squash("旧実施目標No.1を継承")), "{text}");
    // The forms for year one are ready.
    let (code, _, stderr) = run(dir.path(), &["forms", "--data", next.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("令和3年度"), "{stderr}");
}

/// The README's worked example, done as a clerk would from the README alone:
/// the column it shows, put into the sheet `welfare-sheets sheet` writes.
#[test]
fn the_readmes_added_column_prints_and_is_asked_for() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let example = readme
        .split("「今後の対応」の列を足すときは")
        .nth(1)
        .and_then(|rest| rest.split("```yaml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows the column to add");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), &dir.path().join("data"));
    let (code, sheet, stderr) = run(dir.path(), &["sheet"]);
    assert_eq!(code, Some(0), "{stderr}");
    let before = "      - key: evaluation\n";
    assert!(sheet.contains(before), "{sheet}");
    let declared = sheet.replacen(before, &format!("{example}{before}"), 1);
    std::fs::write(dir.path().join("data/sheet.yaml"), declared).unwrap();
    let goal = dir.path().join("data/goals/05.yaml");
    let text = std::fs::read_to_string(&goal).unwrap();
    // Short enough for one line of the 30 mm column, so the text reads whole.
    let value = "案内を配る。";
    let typed = text.replacen(
        "        evaluation: C",
        &format!("        next_steps: {value}\n        evaluation: C"),
        1,
    );
    assert_ne!(typed, text);
    std::fs::write(&goal, typed).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["sheets", "--goal", "5", "--year", "28", "-o", "5.pdf", "-q"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let printed = squash(&pdftotext(&[], &dir.path().join("5.pdf")));
    assert!(printed.contains("今後の対応"), "{printed}");
    assert!(printed.contains(&squash(value)), "{printed}");
    // The sections' form asks for it too.
    let (code, _, stderr) = run(dir.path(), &["forms", "-q"]);
    assert_eq!(code, Some(0), "{stderr}");
    let form = dir.path().join("forms/実施目標05.xlsx");
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(&form).unwrap();
    let names = workbook.sheet_names();
    let asked = names.iter().any(|name| {
        workbook.worksheet_range(name).is_ok_and(|range| {
            range
                .cells()
                .any(|(_, _, cell)| cell.to_string().contains("今後の対応"))
        })
    });
    assert!(asked, "{} asks for 今後の対応", form.display());
}
