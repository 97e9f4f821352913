//! The fit memo: a run that remembers each sheet's fitting prints the same
//! bytes as one that fits every sheet, on the bundled plan, an example
//! plan of another sheet and a 1,000-goal plan; a memo that cannot be used
//! is a note, never an error; two runs at once share one memo.

use std::path::{Path, PathBuf};
use std::process::Command;

use welfare_sheets::typeset::memo::{CACHE_ENV, MEMO_FILE};

use crate::common::*;

/// welfare-sheets with its fit memo in `cache`.
fn with_memo(cache: &Path) -> Command {
    let mut command = welfare_sheets();
    command.env(CACHE_ENV, cache);
    command
}

/// Builds the packet and booklet of `data` into `out`; returns the two PDFs
/// and what the run said.
fn build(command: &mut Command, data: &Path, out: &Path, extra: &[&str]) -> (Vec<Vec<u8>>, String) {
    let output = succeed(
        command
            .arg("build")
            .arg("--data")
            .arg(data)
            .arg("--out-dir")
            .arg(out)
            .args(extra),
    );
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), 2, "a packet and a booklet: {pdfs:?}");
    (
        pdfs.iter().map(|pdf| std::fs::read(pdf).unwrap()).collect(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn memo_entries(cache: &Path) -> Vec<serde_json::Value> {
    let memo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cache.join(MEMO_FILE)).unwrap()).unwrap();
    memo["fits"].as_array().unwrap().clone()
}

/// `--no-cache`, a first run that fills the memo and a second that lays
/// every sheet out at the size remembered write the same bytes.
fn same_bytes_with_and_without_memo(data: &Path, goals: usize) {
    let cache = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (without, _) = build(
        &mut welfare_sheets(),
        data,
        &work.path().join("no-cache"),
        &["--no-cache"],
    );
    let (cold, _) = build(
        &mut with_memo(cache.path()),
        data,
        &work.path().join("cold"),
        &[],
    );
    // Each sheet of the packet and of the booklet.
    assert_eq!(memo_entries(cache.path()).len(), 2 * goals);
    let learnt = std::fs::read(cache.path().join(MEMO_FILE)).unwrap();
    let (warm, _) = build(
        &mut with_memo(cache.path()),
        data,
        &work.path().join("warm"),
        &[],
    );
    assert!(without == cold, "a cold memo changed the PDFs");
    assert!(without == warm, "the remembered fittings changed the PDFs");
    // Nothing new was learnt, so nothing was written.
    assert_eq!(std::fs::read(cache.path().join(MEMO_FILE)).unwrap(), learnt);
}

#[test]
fn the_bundled_plan_prints_the_same_bytes_with_and_without_the_memo() {
    same_bytes_with_and_without_memo(&bundled_data(), dataset().goals.len());
}

#[test]
fn an_example_plan_prints_the_same_bytes_with_and_without_the_memo() {
    let data = root().join("examples/indicators");
    let goals = welfare_sheets::data::load_dataset(&data)
        .unwrap()
        .goals
        .len();
    same_bytes_with_and_without_memo(&data, goals);
}

/// A plan of `n` goals made of the bundled ones, renumbered.
fn synthetic_plan(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        bundled_data().join("plan.yaml"),
        dir.path().join("plan.yaml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("goals")).unwrap();
    let mut goals: Vec<PathBuf> = std::fs::read_dir(bundled_data().join("goals"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    goals.sort();
    for i in 0..n {
        let text = std::fs::read_to_string(&goals[i % goals.len()]).unwrap();
        let mut renumbered = false;
        let text: String = text
            .lines()
            .map(|line| {
                if !renumbered && line.starts_with("  - no: ") {
                    renumbered = true;
                    format!("  - no: {}\n", i + 1)
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        assert!(renumbered);
        std::fs::write(dir.path().join(format!("goals/{:04}.yaml", i + 1)), text).unwrap();
    }
    dir
}

#[test]
fn a_thousand_goal_packet_prints_the_same_bytes_with_the_memo() {
    let data = synthetic_plan(1000);
    let cache = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let sheets = |name: &str| {
        let pdf = work.path().join(name);
        succeed(
            with_memo(cache.path())
                .args(["sheets", "--data"])
                .arg(data.path())
                .arg("-o")
                .arg(&pdf),
        );
        std::fs::read(pdf).unwrap()
    };
    // The first run fits every sheet (as --no-cache does) and fills the memo.
    let fitted = sheets("cold.pdf");
    assert_eq!(memo_entries(cache.path()).len(), 1000);
    let remembered = sheets("warm.pdf");
    assert!(
        fitted == remembered,
        "the remembered fittings changed the PDF"
    );
}

/// The sizes the shrunk sheets were set in, as `-v` tells them.
fn shrunk_sizes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| {
            line.split(" pt に縮めました")
                .next()
                .filter(|_| line.contains("に縮めました"))
        })
        .map(|head| head.rsplit(' ').next().unwrap().to_owned())
        .collect()
}

#[test]
fn the_warm_run_lays_each_sheet_out_at_the_size_the_memo_holds() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("sheets.pdf");
    let sheets = |extra: &[&str]| {
        let output = succeed(
            with_memo(cache.path())
                .args(["sheets", "-v", "-o"])
                .arg(&pdf)
                .args(extra),
        );
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let fitted = shrunk_sizes(&sheets(&[]));
    assert!(!fitted.is_empty() && fitted.len() < 29, "{fitted:?}");
    // Every remembered sheet set at the smallest size: the next run
    // believes the memo rather than fitting again.
    let file = cache.path().join(MEMO_FILE);
    let mut memo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    for entry in memo["fits"].as_array_mut().unwrap() {
        entry["size"] = serde_json::json!(6.0);
    }
    std::fs::write(&file, serde_json::to_vec(&memo).unwrap()).unwrap();
    assert_eq!(shrunk_sizes(&sheets(&[])), vec!["6"; 29]);
    // --no-cache fits again, and a size the template does not have is
    // fitted again too.
    assert_eq!(shrunk_sizes(&sheets(&["--no-cache"])), fitted);
    for entry in memo["fits"].as_array_mut().unwrap() {
        entry["size"] = serde_json::json!(6.25);
    }
    std::fs::write(&file, serde_json::to_vec(&memo).unwrap()).unwrap();
    assert_eq!(shrunk_sizes(&sheets(&[])), fitted);
}

#[test]
fn a_memo_that_cannot_be_used_is_a_note_and_is_made_again() {
    let work = tempfile::tempdir().unwrap();
    let reference = work.path().join("reference.pdf");
    succeed(
        welfare_sheets()
            .args(["sheets", "--no-cache", "-o"])
            .arg(&reference),
    );
    let reference = std::fs::read(reference).unwrap();
    for (case, contents, said) in [
        (
            "corrupt",
            &b"{\"format\": \"welfare-sheets fit memo 1\", \"fits\": [{"[..],
            "壊れている",
        ),
        (
            "foreign",
            &b"{\"format\": \"a spreadsheet\", \"rows\": []}"[..],
            "組み方の記録ではない",
        ),
        ("binary", &b"\xff\xfe\x00PK"[..], "壊れている"),
    ] {
        let cache = work.path().join(case);
        std::fs::create_dir(&cache).unwrap();
        std::fs::write(cache.join(MEMO_FILE), contents).unwrap();
        let pdf = work.path().join(format!("{case}.pdf"));
        // A note, told with the others under --verbose.
        let output = succeed(with_memo(&cache).args(["sheets", "-v", "-o"]).arg(&pdf));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let note = stderr
            .lines()
            .find(|line| line.contains(MEMO_FILE))
            .unwrap_or_else(|| panic!("{case}: no note in {stderr}"));
        assert!(
            note.contains(said) && note.contains("注意"),
            "{case}: {note}"
        );
        assert!(
            std::fs::read(&pdf).unwrap() == reference,
            "{case}: the PDF differs"
        );
        assert_eq!(
            memo_entries(&cache).len(),
            29,
            "{case}: the memo was not made again"
        );
    }
}

#[test]
fn no_cache_neither_reads_nor_writes_the_memo() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    succeed(
        with_memo(cache.path())
            .args(["sheets", "--no-cache", "-o"])
            .arg(out.path().join("a.pdf")),
    );
    assert!(!cache.path().join(MEMO_FILE).exists());
    // A file that would be a note is not even read.
    std::fs::write(cache.path().join(MEMO_FILE), "not a memo").unwrap();
    let output = succeed(
        with_memo(cache.path())
            .args(["sheets", "--no-cache", "-o"])
            .arg(out.path().join("b.pdf")),
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains(MEMO_FILE));
}

#[test]
fn two_runs_at_once_share_one_memo() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let start = |name: &str, data: &Path| {
        with_memo(cache.path())
            .args(["booklet", "--data"])
            .arg(data)
            .arg("-o")
            .arg(out.path().join(name))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let example = root().join("examples/committee");
    let runs = [start("a.pdf", &bundled_data()), start("b.pdf", &example)];
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Whichever saved last kept what the other had saved before it; a run
    // that saved first may have lost its entries to the other, never the
    // file its shape.
    let entries = memo_entries(cache.path());
    let committee = welfare_sheets::data::load_dataset(&example)
        .unwrap()
        .goals
        .len();
    assert!(
        [29, committee, 29 + committee].contains(&entries.len()),
        "{} entries",
        entries.len()
    );
    let again = out.path().join("a-again.pdf");
    succeed(with_memo(cache.path()).args(["booklet", "-o"]).arg(&again));
    assert!(std::fs::read(again).unwrap() == std::fs::read(out.path().join("a.pdf")).unwrap());
}
