//! The archive's PDFs judged by veraPDF, the PDF Association's reference
//! validator, as PDF/A-3a and as PDF/UA-1: the packet, the booklet, one
//! goal's PDF as the archive splits it, a packet of hostile and
//! rare-character text, and the example plans' sheets. A PDF of another
//! program (LibreOffice's) is judged too, so a report we misread cannot
//! pass unnoticed. When a PDF fails, veraPDF's report is kept in
//! `target/test-artifacts/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use welfare_sheets::data::Dataset;
use welfare_sheets::data::load::load_dataset_from_str;
use welfare_sheets::data::load_dataset;
use welfare_sheets::documents::booklet::make_booklet;
use welfare_sheets::documents::packet::PacketRequest;
use welfare_sheets::typeset::world::SheetWorld;

const MAIN_CLASS: &str = "org.verapdf.apps.GreenfieldCliWrapper";

/// The veraPDF jar `scripts/fetch-verapdf.sh` fetched (`VERAPDF_DIR`, else
/// `target/tools/verapdf`).
fn verapdf_jar() -> PathBuf {
    let dir = std::env::var_os("VERAPDF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/tools/verapdf"));
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("cli-"))
        })
        .unwrap_or_else(|| {
            panic!(
                "veraPDF is not in {}: {}",
                dir.display(),
                install_hint("verapdf")
            )
        })
}

/// One PDF as veraPDF judged it against one profile.
#[derive(Debug)]
struct Judged {
    file: String,
    profile: String,
    compliant: bool,
    passed_rules: u32,
    failed_rules: u32,
    /// Each failed rule: clause-test and its description.
    failures: Vec<String>,
}

/// Runs veraPDF on `pdfs` as `flavour`; its report, and each judgement.
fn validate(pdfs: &[PathBuf], flavour: &str) -> (String, Vec<Judged>) {
    let output = Command::new("java")
        .arg("-cp")
        .arg(verapdf_jar())
        .arg(MAIN_CLASS)
        .args(["--flavour", flavour, "--format", "xml"])
        .args(pdfs)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", install_hint("java")));
    // 0: all compliant, 1: some not; anything else is veraPDF's own failure.
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "veraPDF failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let xml = roxmltree::Document::parse(&report).expect("veraPDF writes XML");
    let mut judged = Vec::new();
    for job in xml.descendants().filter(|n| n.has_tag_name("job")) {
        let file = job
            .descendants()
            .find(|n| n.has_tag_name("name"))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned();
        let reports: Vec<_> = job
            .children()
            .filter(|n| n.has_tag_name("validationReport"))
            .collect();
        assert!(!reports.is_empty(), "no verdict on {file}:\n{report}");
        for verdict in reports {
            let details = verdict
                .children()
                .find(|n| n.has_tag_name("details"))
                .expect("a verdict has details");
            let count = |name: &str| details.attribute(name).unwrap().parse().unwrap();
            let failures = details
                .children()
                .filter(|n| n.has_tag_name("rule") && n.attribute("status") == Some("failed"))
                .map(|rule| {
                    let description = rule
                        .children()
                        .find(|n| n.has_tag_name("description"))
                        .and_then(|n| n.text())
                        .unwrap_or_default();
                    format!(
                        "{} {}-{}: {description}",
                        rule.attribute("specification").unwrap_or_default(),
                        rule.attribute("clause").unwrap_or_default(),
                        rule.attribute("testNumber").unwrap_or_default()
                    )
                })
                .collect();
            judged.push(Judged {
                file: file.clone(),
                profile: verdict
                    .attribute("profileName")
                    .unwrap_or_default()
                    .to_owned(),
                compliant: verdict.attribute("isCompliant") == Some("true"),
                passed_rules: count("passedRules"),
                failed_rules: count("failedRules"),
                failures,
            });
        }
    }
    (report, judged)
}

/// Where a failing report is kept for whoever reads the test's failure.
fn keep_report(flavour: &str, report: &str) -> PathBuf {
    let dir = root().join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("verapdf-{flavour}.xml"));
    std::fs::write(&path, report).unwrap();
    path
}

/// A plan whose every field carries markup and characters rarely typed:
/// IVS, JIS level 3 kanji, enclosed and squared forms, half-width kana.
const RARE: &str = r##"plan:
  title: "計画 #set text(red) *強調* $x$"
  issuers: [防府市]
  packet_label: 資料 8
  period: { from: H28, to: H32 }
goals:
  - no: 1
    content: "吉野家の髙橋さんと﨑山さん　①②㈱㌔ｶﾀｶﾅ 葛󠄀城 — “引用” ‘a’ … ・〜～"
    target: "#panic(\"x\") $x$ *a* _a_ <l> @r `c` // c \\u{41} = h [b] {c}"
    years:
      - year: 28
        activities: "丸数字⑳、ローマ数字Ⅻ、単位㎡㎏、鷗外と森鴎外、記号 ※〒♪★☆→"
        results:
          - "全角ＡＢＣ１２３と半角 ABC123、<script>alert(1)</script> & &amp;"
          - table: [["表 #table()", "= 見出し"]]
        challenges: "改行\nのある\n課題"
        evaluation: B
"##;

fn write(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

fn example(name: &str) -> Dataset {
    load_dataset(&root().join("examples").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn verapdf_finds_our_pdfs_pdfa_3a_and_pdfua_1_and_another_programs_not() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = dataset();
    let all = PacketRequest::default();
    let goal = PacketRequest {
        goals: vec![bundled.goals[4].no],
        ..PacketRequest::default()
    };
    let rare = load_dataset_from_str("rare.yaml", RARE).unwrap_or_else(|e| panic!("{e}"));
    let booklet = make_booklet(&mut SheetWorld::new(&[] as &[&Path]), bundled, None).unwrap();
    let indicators = example("indicators");
    let indicators_booklet =
        make_booklet(&mut SheetWorld::new(&[] as &[&Path]), &indicators, None).unwrap();
    let ours = vec![
        write(dir.path(), "sheets.pdf", &packet(bundled, &all).pdf),
        write(dir.path(), "booklet.pdf", &booklet.pdf),
        write(dir.path(), "goal.pdf", &packet(bundled, &goal).pdf),
        write(dir.path(), "rare.pdf", &packet(&rare, &all).pdf),
        write(
            dir.path(),
            "indicators-sheets.pdf",
            &packet(&indicators, &all).pdf,
        ),
        write(
            dir.path(),
            "indicators-booklet.pdf",
            &indicators_booklet.pdf,
        ),
        write(
            dir.path(),
            "committee-sheets.pdf",
            &packet(&example("committee"), &all).pdf,
        ),
    ];
    let csv = dir.path().join("他の表.csv");
    std::fs::write(&csv, "実施目標,評価\n5,A\n").unwrap();
    let foreign = soffice(&csv, "pdf", dir.path());
    let mut pdfs = ours.clone();
    pdfs.push(foreign.clone());

    for flavour in ["3a", "ua1"] {
        let (report, judged) = validate(&pdfs, flavour);
        let verdicts: Vec<String> = judged
            .iter()
            .map(|j| {
                format!(
                    "{} ({}): {} rules passed, {} failed{}",
                    j.file,
                    j.profile,
                    j.passed_rules,
                    j.failed_rules,
                    j.failures
                        .iter()
                        .map(|f| format!("\n    {f}"))
                        .collect::<String>()
                )
            })
            .collect();
        eprintln!("veraPDF {flavour}:\n  {}", verdicts.join("\n  "));
        let of = |pdf: &Path| {
            let name = pdf.display().to_string();
            let found: Vec<&Judged> = judged.iter().filter(|j| j.file == name).collect();
            assert_eq!(found.len(), 1, "{name} judged once as {flavour}");
            found[0]
        };
        let failing: Vec<&Judged> = ours
            .iter()
            .map(|pdf| of(pdf))
            .filter(|j| !j.compliant)
            .collect();
        if !failing.is_empty() {
            let kept = keep_report(flavour, &report);
            panic!(
                "veraPDF finds {} of ours not {flavour} (report: {}):\n  {}",
                failing.len(),
                kept.display(),
                verdicts.join("\n  ")
            );
        }
        for pdf in &ours {
            let judged = of(pdf);
            assert!(
                judged.passed_rules > 50 && judged.failed_rules == 0,
                "{judged:?}"
            );
        }
        let other = of(&foreign);
        assert!(
            !other.compliant && other.failed_rules > 0 && !other.failures.is_empty(),
            "{other:?}"
        );
    }
}
