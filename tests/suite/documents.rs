//! Stage 3, the documents: the booklet, the archive and the archive-grade
//! PDFs, checked with the reference readers (poppler, qpdf).

use std::path::Path;
use std::sync::OnceLock;

use crate::common::*;
use welfare_sheets::data::era::FiscalYear;
use welfare_sheets::data::load_dataset;
use welfare_sheets::documents::archive::booklet_name;
use welfare_sheets::documents::booklet::{Booklet, make_booklet};
use welfare_sheets::documents::packet::{PacketRequest, make_packet};
use welfare_sheets::typeset::render::page_text;
use welfare_sheets::typeset::world::SheetWorld;

fn r1() -> FiscalYear {
    "R1".parse().unwrap()
}

fn world() -> SheetWorld {
    SheetWorld::new(&[] as &[&Path])
}

/// The R1 booklet, made once, and written to a temporary file for the readers.
fn booklet() -> &'static (Booklet, tempfile::TempPath) {
    static BOOKLET: OnceLock<(Booklet, tempfile::TempPath)> = OnceLock::new();
    BOOKLET.get_or_init(|| {
        let booklet = make_booklet(&mut world(), dataset(), Some(r1())).unwrap();
        let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
        std::fs::write(file.path(), &booklet.pdf).unwrap();
        (booklet, file.into_temp_path())
    })
}

#[test]
fn booklet_has_cover_contents_structure_summary_and_one_sheet_per_goal() {
    let (booklet, _) = booklet();
    let pages = booklet.rendered.document.pages();
    let goals = &dataset().goals;
    let sheets: usize = booklet.rendered.fits.iter().map(|f| f.pages).sum();
    assert_eq!(booklet.rendered.fits.len(), goals.len());
    let front = pages.len() - sheets;
    let text = |i: usize| squash(&page_text(&pages[i]));
    assert!(
        text(0).contains("令和元年度実施目標計画進行管理報告書"),
        "cover: {}",
        text(0)
    );
    assert!(text(0).contains("防府市・防府市社会福祉協議会"));
    assert!(text(1).contains("目次"));
    let front_text: String = (0..front).map(text).collect();
    assert!(front_text.contains("計画の体系"));
    assert!(front_text.contains("評価の集計"));
    for (i, page) in pages.iter().enumerate() {
        let size = page.frame.size();
        let landscape = size.x > size.y;
        assert_eq!(landscape, i >= front, "page {} orientation", i + 1);
        if i > 0 {
            assert!(
                text(i).contains(&format!("-{}-", i + 1)),
                "folio on page {}",
                i + 1
            );
        }
    }
    for (goal, fit) in goals.iter().zip(&booklet.rendered.fits) {
        assert_eq!(goal.no, fit.no);
    }
}

#[test]
fn summary_counts_match_the_dataset() {
    let (booklet, _) = booklet();
    let pages = booklet.rendered.document.pages();
    let summary_page = pages
        .iter()
        .map(page_text)
        .find(|t| t.contains("前年比"))
        .unwrap();
    let goals = &dataset().goals;
    // Every goal's change from 30 to R1 is in the matrix, as the data says.
    let expected_rises = goals
        .iter()
        .filter(|g| {
            let at = |y: &str| {
                g.years
                    .iter()
                    .find(|e| e.year.row_label() == y)
                    .and_then(|e| e.fields.letter("evaluation").cloned())
            };
            // A is best: a rise is a letter earlier in the alphabet.
            matches!((at("30"), at("R1")), (Some(p), Some(c)) if c < p)
        })
        .count();
    assert_eq!(summary_page.matches("上昇").count(), expected_rises);
    assert!(!summary_page.contains("凡例"), "the seed gives no legend");
}

#[test]
fn outline_has_an_entry_for_every_goal() {
    let (_, path) = booklet();
    let json = tool("qpdf", &["--json", "--json-key=outlines"], path);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    fn titles(items: &serde_json::Value, out: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            out.push(item["title"].as_str().unwrap_or_default().to_owned());
            titles(&item["kids"], out);
        }
    }
    let mut all = Vec::new();
    titles(&value["outlines"], &mut all);
    for section in ["計画の体系", "評価の集計", "進行管理シート"] {
        assert!(all.iter().any(|t| t == section), "{section} in {all:?}");
    }
    for goal in &dataset().goals {
        let content = goal.fields.text("content").plain_text();
        let expected = format!("No.{} {}", goal.no, content.trim());
        assert!(all.contains(&expected), "{expected} missing from {all:?}");
    }
}

#[test]
fn metadata_and_archival_claims() {
    let (booklet, path) = booklet();
    let info = tool("pdfinfo", &[], path);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("Title:"), "令和元年度 実施目標計画 進行管理報告書");
    assert_eq!(field("Author:"), dataset().plan.issuers.join(", "));
    assert!(field("Keywords:").contains("令和元年度"));
    assert_eq!(field("Tagged:"), "yes");
    // No 発行日 in the data and no SOURCE_DATE_EPOCH in tests: 31 March 2020.
    assert!(field("CreationDate:").contains("Mar 31"), "{info}");
    assert!(field("CreationDate:").contains("2020"), "{info}");
    let pdf = String::from_utf8_lossy(&booklet.pdf);
    assert!(pdf.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(pdf.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(pdf.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(pdf.contains("<rdf:li>ja</rdf:li>"));
    tool("qpdf", &["--check"], path);
}

#[test]
fn attached_source_loads_back_to_the_same_dataset() {
    let (_, path) = booklet();
    let listing = tool("qpdf", &["--list-attachments"], path);
    assert!(listing.contains("dataset.yaml"), "{listing}");
    let yaml = tool("qpdf", &["--show-attachment=dataset.yaml"], path);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dataset.yaml");
    std::fs::write(&file, yaml).unwrap();
    let back = load_dataset(&file).unwrap_or_else(|e| panic!("{e}"));
    let original = dataset();
    assert_eq!(
        serde_json::to_value(&back.goals).unwrap(),
        serde_json::to_value(&original.goals).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&back.plan).unwrap(),
        serde_json::to_value(&original.plan).unwrap()
    );
}

#[test]
fn pdftotext_finds_every_goals_content() {
    let (_, path) = booklet();
    let extracted = squash(&pdftotext(&[], path));
    for goal in &dataset().goals {
        let content = squash(&goal.fields.text("content").plain_text());
        assert!(
            extracted.contains(&content),
            "No.{} 内容 {content}",
            goal.no
        );
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let (booklet, _) = booklet();
    let again = make_booklet(&mut world(), dataset(), Some(r1())).unwrap();
    assert!(
        again.pdf == booklet.pdf,
        "two builds of the same input differ"
    );
}

#[test]
fn archive_names_carry_western_year_and_era() {
    let years: Vec<String> = dataset()
        .reported_years()
        .into_iter()
        .map(booklet_name)
        .collect();
    assert_eq!(
        years.last().map(String::as_str),
        Some("2019-R1-booklet.pdf"),
        "{years:?}"
    );
    assert!(years.iter().all(|n| n.ends_with("-booklet.pdf")));
}

/// Every element location the pages carry, with repeats.
fn tag_locations(document: &welfare_sheets::typeset::render::Rendered) -> Vec<u128> {
    use typst::introspection::Tag;
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut Vec<u128>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Tag(Tag::Start(element, _)) => {
                    out.extend(element.location().map(|l| l.hash()))
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in document.document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// A packet laid out in parts, as large plans are, is the packet laid out in
/// one piece: the same pages and fits, the label on the first page only,
/// distinct elements, and the same tag tree in the PDF.
#[test]
fn packet_laid_out_in_parts_matches_one_piece() {
    let make = |goals_per_part| {
        let request = PacketRequest {
            year: Some(r1()),
            goals_per_part: Some(goals_per_part),
            ..PacketRequest::default()
        };
        let packet = make_packet(&mut world(), dataset(), &request).unwrap();
        let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
        std::fs::write(file.path(), &packet.pdf).unwrap();
        (packet, file.into_temp_path())
    };
    let (whole, whole_pdf) = make(usize::MAX);
    let (parts, parts_pdf) = make(10);

    assert_eq!(parts.rendered.fits, whole.rendered.fits);
    let texts = |packet: &welfare_sheets::documents::packet::Packet| -> Vec<String> {
        packet
            .rendered
            .document
            .pages()
            .iter()
            .map(|p| squash(&page_text(p)))
            .collect()
    };
    let (whole_text, parts_text) = (texts(&whole), texts(&parts));
    assert_eq!(parts_text.len(), dataset().goals.len());
    assert_eq!(parts_text, whole_text);
    let label = squash(&dataset().plan.packet_label);
    let labelled: Vec<usize> = (0..parts_text.len())
        .filter(|&i| parts_text[i].contains(&label))
        .collect();
    assert_eq!(labelled, [0], "the packet label tops page 1 only");

    let locations = tag_locations(&parts.rendered);
    let distinct: std::collections::HashSet<_> = locations.iter().collect();
    assert_eq!(
        distinct.len(),
        locations.len(),
        "an element location repeats"
    );
    assert_eq!(locations.len(), tag_locations(&whole.rendered).len());

    // The page as poppler lays its text out: every glyph in the same place.
    let whole_layout = pdftotext(&["-layout"], &whole_pdf);
    let first_content = squash(&dataset().goals[0].fields.text("content").plain_text());
    assert!(
        squash(&whole_layout).contains(&first_content),
        "poppler reads the first sheet: {first_content}"
    );
    assert_eq!(pdftotext(&["-layout"], &parts_pdf), whole_layout);
    tool("qpdf", &["--check"], &parts_pdf);
    let struct_elements = |pdf: &Path| {
        tool("qpdf", &["--json", "--json-key=qpdf"], pdf)
            .matches("\"/StructElem\"")
            .count()
    };
    let tagged = struct_elements(&whole_pdf);
    assert!(
        tagged > 1000,
        "the packet is tagged ({tagged} structure elements)"
    );
    assert_eq!(struct_elements(&parts_pdf), tagged);
}

// ----------------------------------------------- the plan's own scale

/// Every page drawn as PNG, to compare how two documents look.
fn page_images(document: &typst_layout::PagedDocument) -> Vec<Vec<u8>> {
    (0..document.pages().len())
        .map(|i| welfare_sheets::typeset::render::export_png(document, i, 30.0).unwrap())
        .collect()
}

/// The default scale written out (A–D, no meanings) is the default: the
/// booklet looks the same to the pixel. (Without any new key the PDFs are
/// byte-identical to those before the scale existed; that is checked with
/// `cmp` when the scale changes, see the README.)
#[test]
fn the_default_scale_written_out_changes_nothing_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), dir.path());
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("{text}  scale:\n    - {{ letter: A }}\n    - {{ letter: B }}\n    - {{ letter: C }}\n    - {{ letter: D }}\n"),
    )
    .unwrap();
    let explicit = load_dataset(dir.path()).unwrap();
    assert_eq!(explicit.plan.scale.len(), 4);
    let (with, _) = booklet();
    let without = make_booklet(&mut world(), &explicit, Some(r1())).unwrap();
    assert_eq!(
        page_images(&with.rendered.document),
        page_images(&without.rendered.document)
    );
}

fn six_years() -> welfare_sheets::data::Dataset {
    load_dataset(&root().join("tests/fixtures/documents/six_years"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// How many goals of `members` got each letter of `letters` in each year,
/// read from the data directly.
fn counted(
    dataset: &welfare_sheets::data::Dataset,
    members: &[u32],
    letters: &[&str],
    years: &[&str],
) -> Vec<Vec<usize>> {
    years
        .iter()
        .map(|year| {
            letters
                .iter()
                .map(|letter| {
                    dataset
                        .goals
                        .iter()
                        .filter(|g| members.contains(&g.no))
                        .filter(|g| {
                            g.years.iter().any(|e| {
                                e.year.row_label() == *year
                                    && e.fields
                                        .letter("evaluation")
                                        .is_some_and(|l| l.letter() == *letter)
                            })
                        })
                        .count()
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_six_year_plan_with_its_own_scale_and_named_goals_prints_its_view() {
    use welfare_sheets::documents::booklet::booklet_view;
    let dataset = six_years();
    let r5: FiscalYear = "R5".parse().unwrap();
    let data = booklet_view(&dataset, r5).unwrap();
    let letters = ["A", "B", "C", "X"];
    let years = ["R3", "R4", "R5"];
    let matrix = &data.matrices[0];
    let scale: Vec<&str> = matrix.scale.iter().map(|g| g.letter.as_str()).collect();
    assert_eq!(scale, letters);
    assert_eq!(matrix.scale.iter().filter(|g| !g.ranked).count(), 1);

    // The counts, all goals and per 基本目標, are the data's.
    let all: Vec<u32> = dataset.goals.iter().map(|g| g.no).collect();
    let got = |counts: &[welfare_sheets::view::booklet::LetterCounts]| -> Vec<Vec<usize>> {
        counts.iter().map(|c| c.counts.clone()).collect()
    };
    assert_eq!(
        got(&matrix.counts),
        counted(&dataset, &all, &letters, &years)
    );
    for (basic, members) in [("I", vec![1, 2, 3]), ("II", vec![4, 5])] {
        let summary = data
            .basic_goals
            .iter()
            .find(|b| b.basic_goal == basic)
            .unwrap();
        assert_eq!(summary.goals, members.len());
        assert_eq!(
            got(&summary.counts[0]),
            counted(&dataset, &members, &letters, &years)
        );
    }
    let grade = |b: &str| {
        data.basic_goals
            .iter()
            .find(|x| x.basic_goal == b)
            .unwrap()
            .grade
            .clone()
    };
    assert_eq!(grade("I").as_deref(), Some("B（前年度 C）"));
    assert_eq!(grade("II").as_deref(), Some("A"));

    // The movements: ranked letters that changed from R4 to R5; X is no rank.
    let rank = |l: &str| ["A", "B", "C"].iter().position(|x| *x == l);
    let letter_of = |no: u32, year: &str| {
        dataset
            .goals
            .iter()
            .find(|g| g.no == no)
            .unwrap()
            .years
            .iter()
            .find(|e| e.year.row_label() == year)
            .and_then(|e| e.fields.letter("evaluation").map(|l| l.letter().to_owned()))
    };
    let expected: Vec<(u32, &str)> = all
        .iter()
        .filter_map(|&no| {
            let (before, now) = (rank(&letter_of(no, "R4")?)?, rank(&letter_of(no, "R5")?)?);
            (before != now).then_some((no, if now < before { "上昇" } else { "低下" }))
        })
        .collect();
    let movements = data.movements.as_ref().expect("the plan asks for the page");
    let rows: Vec<(u32, &str)> = movements
        .rows
        .iter()
        .map(|r| (r.no, r.change.as_str()))
        .collect();
    assert_eq!(rows, expected);
    assert!(!expected.is_empty());

    // The booklet prints the names, the headings, the legend, the grades.
    let mut world = world();
    let booklet = make_booklet(&mut world, &dataset, Some(r5)).unwrap();
    let text: String = booklet
        .rendered
        .document
        .pages()
        .iter()
        .map(page_text)
        .collect();
    let text = squash(&text);
    for needle in [
        "基本目標I地域で支え合う人づくり",
        "I-1福祉意識の醸成",
        "I-2担い手の育成",
        "基本目標ごとの評価",
        "基本目標の評価:B（前年度C）",
        "評価の変化",
        "未着手",
        "計画以上に進んでいる",
    ] {
        assert!(text.contains(needle), "{needle} not in the booklet");
    }

    // The plan drawn up in Reiwa numbers its year strip in Reiwa.
    let packet = welfare_sheets::view::packet(&dataset, r5, &[], false);
    assert_eq!(packet.plan.strip_years, ["3", "4", "5", "6", "7", "8"]);
    let sheets = make_packet(&mut world, &dataset, &PacketRequest::default()).unwrap();
    assert_eq!(sheets.rendered.document.pages().len(), dataset.goals.len());
}

#[test]
fn summary_changes_lists_the_goals_that_rose_or_fell() {
    let run = welfare_sheets()
        .args(["summary", "--changes", "--data"])
        .arg(root().join("tests/fixtures/documents/six_years"))
        .output()
        .unwrap();
    assert!(run.status.success());
    let csv = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "実施目標 No.,内容,R4,R5,変化");
    assert_eq!(
        &lines[1..],
        ["1,福祉の出前講座,C,A,上昇", "3,ボランティアの養成,A,C,低下"]
    );
}

/// The structure elements of kind `kind` in the tagged PDF at `pdf`, as
/// qpdf reads them, each with its attributes' `/Scope` (direct or not).
fn scopes_of(pdf: &Path, kind: &str) -> Vec<Option<String>> {
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=qpdf"], pdf)).unwrap();
    let objects = json["qpdf"][1].as_object().expect("qpdf lists the objects");
    let resolve = |value: &serde_json::Value| -> serde_json::Value {
        match value
            .as_str()
            .and_then(|r| objects.get(&format!("obj:{r}")))
        {
            Some(object) => object["value"].clone(),
            None => value.clone(),
        }
    };
    objects
        .values()
        .filter_map(|object| object.get("value"))
        .filter(|value| value["/Type"] == "/StructElem" && value["/S"] == kind)
        .map(|value| {
            let attributes = resolve(&value["/A"]);
            let all = match attributes {
                serde_json::Value::Array(list) => list.iter().map(&resolve).collect(),
                one => vec![one],
            };
            all.iter()
                .find_map(|a| a["/Scope"].as_str().map(str::to_owned))
        })
        .collect()
}

#[test]
fn each_year_heads_its_row_for_a_screen_reader() {
    let dataset = dataset();
    let goal = &dataset.goals[4];
    let pdf = packet(
        dataset,
        &PacketRequest {
            goals: vec![goal.no],
            ..PacketRequest::default()
        },
    )
    .pdf;
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    let scopes = scopes_of(file.path(), "/TH");
    let rows = scopes
        .iter()
        .filter(|s| s.as_deref() == Some("/Row"))
        .count();
    assert_eq!(rows, goal.years.len(), "{scopes:?}");
    // The column headings stay headings of their columns.
    assert!(
        scopes.iter().any(|s| s.as_deref() == Some("/Column")),
        "{scopes:?}"
    );
}
