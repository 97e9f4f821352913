//! The yearly archive as the clerk keeps it: `build --archive` writes it
//! with its checksum list, `sha256sum` (coreutils) accepts that list, and
//! `verify` proves each PDF is the one that was made, or names the file
//! and what is wrong with it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;
use welfare_sheets::documents::archive::booklet_name;
use welfare_sheets::documents::pdf_read::read_pdf;

/// `build --archive` on the bundled data, run once: the folder holding
/// `out/`.
fn built() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            copy_dir(&bundled_data(), &dir.path().join("data"));
            succeed(
                welfare_sheets()
                    .args(["build", "--archive", "-q"])
                    .current_dir(dir.path()),
            );
            dir
        })
        .path()
}

fn archive() -> PathBuf {
    built().join("out/archive")
}

/// A folder holding copies of archived files (paths relative to the
/// archive) and a `SHA256SUMS` that `sha256sum` itself wrote for them.
fn kept(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(archive().join(file), target).unwrap();
    }
    let sums = Command::new("sha256sum")
        .args(files)
        .current_dir(dir.path())
        .output()
        .expect("sha256sum (coreutils)");
    assert!(sums.status.success());
    std::fs::write(dir.path().join("SHA256SUMS"), sums.stdout).unwrap();
    dir
}

fn verify(args: &[&Path]) -> (Option<i32>, String) {
    let (code, stdout, stderr) = run_in(None, &[&["verify".as_ref()], args].concat());
    assert!(stderr.is_empty() || code == Some(1), "{stderr}");
    (code, stdout + &stderr)
}

/// The lines `verify` printed under the file named `name`, the file's own
/// line first.
fn said_about(report: &str, name: &str) -> Vec<String> {
    let mut lines = report.lines().skip_while(|l| !l.contains(name));
    let Some(first) = lines.next() else {
        panic!("{name} is not named in:\n{report}")
    };
    std::iter::once(first)
        .chain(lines.take_while(|l| l.starts_with("  ")))
        .map(str::to_owned)
        .collect()
}

const GOAL: &str = "2019-R1/goal-05.pdf";

#[test]
fn archive_holds_each_reported_year_and_goal_and_sha256sum_accepts_its_list() {
    let dataset = dataset();
    for year in dataset.reported_years() {
        assert!(archive().join(booklet_name(year)).is_file(), "{year:?}");
        for goal in &dataset.goals {
            let path = archive()
                .join(year.file_label())
                .join(format!("goal-{:02}.pdf", goal.no));
            assert!(path.is_file(), "{}", path.display());
        }
    }
    // The booklet beside the packet is the archived one, made once.
    let latest = booklet_name(*dataset.reported_years().last().unwrap());
    assert_eq!(
        std::fs::read(built().join("out").join(&latest)).unwrap(),
        std::fs::read(archive().join(&latest)).unwrap()
    );
    let check = Command::new("sha256sum")
        .args(["--check", "--strict", "SHA256SUMS"])
        .current_dir(archive())
        .output()
        .expect("sha256sum (coreutils)");
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{report}");
    let listed = report.lines().filter(|l| l.ends_with(": OK")).count();
    let pdfs = dataset.reported_years().len() * (1 + dataset.goals.len());
    assert_eq!(listed, pdfs, "{report}");
}

#[test]
fn the_source_read_back_is_the_file_qpdf_extracts() {
    let pdf = archive().join(GOAL);
    let facts = read_pdf(&std::fs::read(&pdf).unwrap()).unwrap();
    let source = facts
        .attachments
        .iter()
        .find(|a| a.name == "dataset.yaml")
        .expect("the source is attached");
    let extracted = Command::new("qpdf")
        .arg("--show-attachment=dataset.yaml")
        .arg(&pdf)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", install_hint("qpdf")));
    assert!(extracted.status.success());
    assert_eq!(source.bytes, extracted.stdout);
    assert_eq!(source.relationship.as_deref(), Some("Source"));
    assert_eq!(facts.pdfa, Some((3, "A".to_owned())));
}

#[test]
fn a_fresh_archive_and_packet_verify() {
    let out = built().join("out");
    let (code, report) = verify(&[&out]);
    assert_eq!(code, Some(0), "{report}");
    let dataset = dataset();
    // Every PDF of out/: the packet, the booklet beside it, the archive.
    let pdfs = 2 + dataset.reported_years().len() * (1 + dataset.goals.len());
    assert!(
        report.contains(&welfare_sheets::messages::verify_summary(pdfs, 0)),
        "{report}"
    );
}

#[test]
fn a_pdf_dated_by_source_date_epoch_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("抜粋.pdf");
    // 2020-09-13 12:26:40 UTC: a time of day the attached source cannot
    // record, so the PDF must not carry it either.
    succeed(
        welfare_sheets()
            .env("SOURCE_DATE_EPOCH", "1600000000")
            .args(["sheets", "--goal", "5", "-q", "--data"])
            .arg(bundled_data())
            .arg("-o")
            .arg(&pdf),
    );
    let (code, report) = verify(&[&pdf]);
    assert_eq!(code, Some(0), "{report}");
    let source = tool("qpdf", &["--show-attachment=dataset.yaml"], &pdf);
    assert!(source.contains("2020-09-13"), "{source}");
}

#[test]
fn a_flipped_byte_fails_by_its_checksum_and_by_remaking() {
    let dir = kept(&[GOAL]);
    let pdf = dir.path().join(GOAL);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&pdf, &bytes).unwrap();
    let (code, report) = verify(&[dir.path()]);
    assert_eq!(code, Some(1), "{report}");
    let said = said_about(&report, "goal-05.pdf");
    assert!(
        said.iter()
            .any(|l| l.contains(welfare_sheets::messages::verify_checksum_differs())),
        "{said:?}"
    );
    // Without the list, remaking it still finds the change.
    std::fs::remove_file(dir.path().join("SHA256SUMS")).unwrap();
    let (code, report) = verify(&[&pdf]);
    assert_eq!(code, Some(1), "{report}");
    assert!(said_about(&report, "goal-05.pdf").len() > 1, "{report}");
}

#[test]
fn a_truncated_pdf_fails_as_damaged() {
    let dir = kept(&[GOAL]);
    let pdf = dir.path().join(GOAL);
    let bytes = std::fs::read(&pdf).unwrap();
    std::fs::write(&pdf, &bytes[..bytes.len() / 3]).unwrap();
    let (code, report) = verify(&[dir.path()]);
    assert_eq!(code, Some(1), "{report}");
    let said = said_about(&report, "goal-05.pdf");
    assert!(
        said.iter()
            .any(|l| l.contains(welfare_sheets::messages::verify_damaged())),
        "{said:?}"
    );
}

#[test]
fn a_pdf_whose_source_was_replaced_is_not_remade_the_same() {
    let dir = kept(&[GOAL]);
    let pdf = dir.path().join(GOAL);
    let source = dir.path().join("dataset.yaml");
    let original = tool("qpdf", &["--show-attachment=dataset.yaml"], &pdf);
    let changed = original.replacen("高齢者", "高齢の方", 1);
    assert_ne!(changed, original);
    std::fs::write(&source, changed).unwrap();
    let replaced = dir.path().join("replaced.pdf");
    let status = Command::new("qpdf")
        .arg(&pdf)
        .arg("--add-attachment")
        .arg(&source)
        .args([
            "--key=dataset.yaml",
            "--filename=dataset.yaml",
            "--replace",
            "--",
        ])
        .arg(&replaced)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, report) = verify(&[&replaced]);
    assert_eq!(code, Some(1), "{report}");
    let said = said_about(&report, "replaced.pdf");
    assert!(
        said.iter()
            .any(|l| l.contains(welfare_sheets::messages::verify_remade_differs())),
        "{said:?}"
    );
}

#[test]
fn a_file_listed_but_gone_is_named() {
    let other = "2019-R1/goal-06.pdf";
    let dir = kept(&[GOAL, other]);
    std::fs::remove_file(dir.path().join(other)).unwrap();
    let (code, report) = verify(&[dir.path()]);
    assert_eq!(code, Some(1), "{report}");
    let said = said_about(&report, "goal-06.pdf");
    assert!(
        said.iter()
            .any(|l| l.contains(welfare_sheets::messages::verify_listed_missing())),
        "{said:?}"
    );
    assert!(!report.contains(&welfare_sheets::messages::verify_fails(
        &dir.path().join(GOAL).display().to_string()
    )));
}

#[test]
fn a_foreign_pdf_fails_and_another_version_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // A PDF of another program: LibreOffice's export of a spreadsheet.
    let csv = dir.path().join("表.csv");
    std::fs::write(&csv, "実施目標,評価\n5,A\n").unwrap();
    let foreign = soffice(&csv, "pdf", dir.path());
    let (code, report) = verify(&[&foreign]);
    assert_eq!(code, Some(1), "{report}");
    let said = said_about(&report, "表.pdf");
    assert!(
        said.iter()
            .any(|l| l.contains(welfare_sheets::messages::verify_not_pdfa())),
        "{said:?}"
    );
    // Ours, as an older version would have written it: named, not remade.
    let ours = std::fs::read(archive().join(GOAL)).unwrap();
    let this = format!("welfare-sheets {}", env!("CARGO_PKG_VERSION"));
    let older = "welfare-sheets 0.0.1";
    assert_eq!(this.len(), older.len(), "the test swaps equal lengths");
    let renamed = ours
        .windows(this.len())
        .enumerate()
        .filter(|(_, w)| *w == this.as_bytes())
        .map(|(at, _)| at)
        .collect::<Vec<_>>();
    assert!(!renamed.is_empty());
    let mut bytes = ours.clone();
    for at in renamed {
        bytes[at..at + older.len()].copy_from_slice(older.as_bytes());
    }
    let old = dir.path().join("old.pdf");
    std::fs::write(&old, bytes).unwrap();
    let (code, report) = verify(&[&old]);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains(&welfare_sheets::messages::verify_other_version(
            &old.display().to_string(),
            older
        )),
        "{report}"
    );
}

#[test]
fn naming_nothing_that_exists_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("ない.pdf");
    let (code, report) = verify(&[&gone]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("ない.pdf"), "{report}");
    let (code, report) = verify(&[dir.path()]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains(welfare_sheets::messages::verify_nothing_found()),
        "{report}"
    );
}
