//! The everyday loop: preview, new-year, eject.

mod common;

use common::{bundled_data, copy_dir, dataset, welfare_sheets};
use welfare_sheets::load::load_dataset;

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn preview_draws_one_landscape_sheet_at_the_asked_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("goal.png");
    let run = welfare_sheets()
        .args(["preview", "--goal", "14", "--dpi", "50", "--data"])
        .arg(bundled_data())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
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
fn new_year_adds_one_line_per_goal_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), dir.path());
    let refused = welfare_sheets()
        .args(["new-year", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success(), "R3 lies beyond the plan period");
    let original = std::fs::read_to_string(bundled_data().join("goals/01.yaml")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("goals/01.yaml")).unwrap(),
        original,
        "a refused roll-forward changes nothing"
    );

    let run = welfare_sheets()
        .args(["new-year", "--extend", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for goal in &dataset().goals {
        let name = format!("goals/{:02}.yaml", goal.no);
        let before = std::fs::read_to_string(bundled_data().join(&name)).unwrap();
        let after = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        let before_lines: Vec<&str> = before.lines().collect();
        let after_lines: Vec<&str> = after.lines().collect();
        assert_eq!(after_lines.len(), before_lines.len() + 1, "{name}");
        let added: Vec<&&str> = after_lines
            .iter()
            .filter(|line| !before_lines.contains(line))
            .collect();
        assert_eq!(added.len(), 1, "{name}: {added:?}");
        assert_eq!(added[0].trim(), "- year: R3", "{name}");
    }
    let rolled = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rolled.plan.period.to.row_label(), "R3");
    for goal in &rolled.goals {
        let last = goal.years.last().unwrap();
        assert_eq!(last.year.row_label(), "R3");
        assert!(!last.has_results() && last.activities.is_empty());
    }
}

#[test]
fn eject_writes_a_self_contained_typst_project() {
    let dir = tempfile::tempdir().unwrap();
    let run = welfare_sheets()
        .arg("eject")
        .arg(dir.path())
        .args(["--year", "R1", "--data"])
        .arg(bundled_data())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let main = std::fs::read_to_string(dir.path().join("main.typ")).unwrap();
    assert!(main.contains("json(\"/data.json\")"));
    for (path, text) in welfare_sheets::templates::FILES {
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
    for (name, bytes) in welfare_sheets::fonts::BUNDLED_FILES {
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
            log_text().contains("rendered 29 pages")
        });
        let first = std::fs::read(&output).unwrap();

        let goal = data.join("goals/01.yaml");
        let text = std::fs::read_to_string(&goal).unwrap();
        let edited = text.replace("毎年5回程度の実施", "毎年6回程度の実施");
        assert_ne!(text, edited);
        std::fs::write(&goal, &edited).unwrap();
        wait_for("the re-render", || {
            log_text().matches("rendered 29 pages").count() >= 2
        });
        let second = std::fs::read(&output).unwrap();
        assert_ne!(first, second, "the edit changed the PDF");
        assert!(log_text().contains("changed:"), "{}", log_text());

        std::fs::write(&goal, edited.replace("evaluation: B", "evaluation: E")).unwrap();
        wait_for("the bad edit's message", || {
            log_text().contains("kept the last good")
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
