//! The 資料8 packet laid out with the real fonts: pages, text, labels,
//! literal printing of markup-looking data.

mod common;

use common::{PLAN_YAML, dataset, dataset_dir, packet, squash};
use std::path::Path;
use welfare_sheets::era::FiscalYear;
use welfare_sheets::load::load_dataset;
use welfare_sheets::model::{Block, RichText, TaggedBlock};

use typst::foundations::{Dict, Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;
use welfare_sheets::packet::{PacketRequest, layout_packet};
use welfare_sheets::render::page_text;
use welfare_sheets::world::SheetWorld;
use welfare_sheets::{sheet_data, templates};

const A4_LONG_PT: f64 = 841.89;
const A4_SHORT_PT: f64 = 595.28;

/// The printed pieces of a cell: each line, list item, heading and table cell.
fn pieces(text: &RichText) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.blocks() {
        match block {
            Block::Paragraph(s) | Block::Tagged(TaggedBlock::Paragraph(s)) => {
                out.extend(s.lines().map(str::to_owned))
            }
            Block::Tagged(TaggedBlock::Heading(s)) => out.push(format!("【{s}】")),
            Block::Tagged(TaggedBlock::List(items)) => {
                out.extend(items.iter().flat_map(|i| i.lines().map(str::to_owned)))
            }
            Block::Tagged(TaggedBlock::Table(rows)) => out.extend(rows.into_iter().flatten()),
        }
    }
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn r1() -> FiscalYear {
    "R1".parse().unwrap()
}

#[test]
fn every_goal_is_one_a4_landscape_sheet() {
    let dataset = dataset();
    let packet = packet(
        dataset,
        &PacketRequest {
            year: Some(r1()),
            goals: vec![],
            ..PacketRequest::default()
        },
    );
    let pages = packet.rendered.document.pages();
    assert_eq!(packet.rendered.fits.len(), dataset.goals.len());
    let follow_on: usize = packet
        .rendered
        .fits
        .iter()
        .map(|f| f.follow_on_pages())
        .sum();
    assert_eq!(pages.len(), dataset.goals.len() + follow_on);
    for page in pages {
        let size = page.frame.size();
        assert!(
            (size.x.to_pt() - A4_LONG_PT).abs() < 0.5,
            "width {}",
            size.x.to_pt()
        );
        assert!(
            (size.y.to_pt() - A4_SHORT_PT).abs() < 0.5,
            "height {}",
            size.y.to_pt()
        );
    }
    let numbers: Vec<u32> = packet.rendered.fits.iter().map(|f| f.no).collect();
    let expected: Vec<u32> = dataset.goals.iter().map(|g| g.no).collect();
    assert_eq!(numbers, expected, "sheets in goal order");
    assert!(packet.pdf.starts_with(b"%PDF-"));
}

#[test]
fn every_text_field_of_every_goal_is_on_its_sheet() {
    let dataset = dataset();
    let year = r1();
    let packet = packet(
        dataset,
        &PacketRequest {
            year: Some(year),
            goals: vec![],
            ..PacketRequest::default()
        },
    );
    let pages = packet.rendered.document.pages();
    let mut page = 0;
    let mut checked = 0;
    for (goal, fit) in dataset.goals.iter().zip(&packet.rendered.fits) {
        let text = squash(
            &pages[page..page + fit.pages]
                .iter()
                .map(page_text)
                .collect::<String>(),
        );
        page += fit.pages;
        let mut fields: Vec<(String, &RichText)> = vec![
            ("内容".into(), &goal.content),
            ("目標".into(), &goal.target),
            ("特記事項".into(), &goal.notes),
            ("方向性・ねらい".into(), &goal.direction),
        ];
        for entry in goal.years.iter().filter(|e| e.year <= year.next()) {
            let y = entry.year.row_label();
            fields.push((format!("{y} 取組の内容"), &entry.activities));
            if entry.year <= year {
                fields.push((format!("{y} 内容と成果"), &entry.results));
                fields.push((format!("{y} 課題"), &entry.challenges));
                fields.push((format!("{y} 意見等"), &entry.remarks));
            }
        }
        for (label, field) in fields {
            for piece in pieces(field) {
                assert!(
                    text.contains(&squash(&piece)),
                    "No.{} {label}: {piece:?} is not on the sheet",
                    goal.no
                );
                checked += 1;
            }
        }
        for programme in &goal.programmes.city {
            assert!(text.contains(&squash(&programme.name)), "No.{} 市", goal.no);
            for section in &programme.sections {
                assert!(
                    text.contains(&squash(section)),
                    "No.{} 〔{section}〕",
                    goal.no
                );
            }
        }
        for programme in &goal.programmes.council {
            assert!(text.contains(&squash(programme)), "No.{} 市社協", goal.no);
        }
        for entry in goal.years.iter().filter(|e| e.year <= year) {
            assert!(
                text.contains(&entry.year.row_label()),
                "No.{} row {}",
                goal.no,
                entry.year
            );
        }
        for label in goal
            .schedule
            .segments
            .iter()
            .filter_map(|s| s.label.as_ref())
        {
            assert!(
                text.contains(&squash(label)),
                "No.{} phase {label}",
                goal.no
            );
        }
    }
    assert!(checked > 500, "only {checked} pieces checked");
}

#[test]
fn later_rows_are_left_out_and_the_next_year_shows_its_plan_only() {
    let dataset = dataset();
    let goal = dataset.goals.iter().find(|g| g.no == 1).unwrap();
    let h29: FiscalYear = "29".parse().unwrap();
    let packet = packet(
        dataset,
        &PacketRequest {
            year: Some(h29),
            goals: vec![1],
            ..PacketRequest::default()
        },
    );
    let text = squash(&page_text(&packet.rendered.document.pages()[0]));
    let row = |label: &str| {
        goal.years
            .iter()
            .find(|e| e.year.row_label() == label)
            .unwrap()
    };
    let plan_30 = pieces(&row("30").activities);
    let results_30 = pieces(&row("30").results);
    let plan_r1 = pieces(&row("R1").activities);
    assert!(text.contains(&squash(&plan_30[0])), "30's plan is shown");
    assert!(
        !text.contains(&squash(&results_30[0])),
        "30's results are not"
    );
    assert!(
        !text.contains(&squash(&plan_r1[0])),
        "R1 is not shown at all"
    );
}

#[test]
fn sheet_labels_are_all_printed() {
    let dataset = dataset();
    let packet = packet(
        dataset,
        &PacketRequest {
            year: Some(r1()),
            goals: vec![14],
            ..PacketRequest::default()
        },
    );
    let text = squash(&page_text(&packet.rendered.document.pages()[0]));
    for label in [
        "実施目標計画進行管理シート",
        "実施目標計画CD",
        "実施目標No.",
        "資料8",
        "実施目標計画",
        "内容",
        "目標",
        "年次計画",
        "特記事項",
        "方向性・ねらい",
        "関係取組・事業",
        "市社協",
        "年度",
        "取組の内容",
        "取組の結果",
        "内容と成果",
        "課題",
        "評価",
        "意見等",
        "新規",
        "2829303132",
    ] {
        assert!(text.contains(label), "label {label} missing");
    }
}

#[test]
fn markup_in_data_prints_literally() {
    let hostile = [
        "#panic(\"x\")",
        "$x$",
        "*a*",
        "_a_",
        "<l>",
        "@r",
        "`c`",
        "// not a comment",
        "#read(\"/etc/passwd\")",
        "\\u{41}",
        "= heading",
        "[b] {c}",
    ];
    let quoted: Vec<String> = hostile
        .iter()
        .map(|s| serde_json::to_string(s).unwrap())
        .collect();
    let goal = format!(
        "goals:\n  - no: 1\n    plan_code: {{ basic_goal: I, measure: 1, sub_measure: 1 }}\n    content: {c0}\n    target: {c1}\n    notes: {c2}\n    direction: {c3}\n    programmes:\n      city: [{{ name: {c4}, sections: [{c5}] }}]\n      council: [{c6}]\n    schedule: {{ segments: [{{ from: 28, to: 32, label: {c7} }}] }}\n    years:\n      - year: 28\n        activities: {c8}\n        results:\n          - list: [{c9}, {c10}]\n          - heading: {c11}\n          - table: [[{c0}, {c1}]]\n        challenges: {c2}\n        evaluation: B\n        remarks: {c3}\n",
        c0 = quoted[0],
        c1 = quoted[1],
        c2 = quoted[2],
        c3 = quoted[3],
        c4 = quoted[4],
        c5 = quoted[5],
        c6 = quoted[6],
        c7 = quoted[7],
        c8 = quoted[8],
        c9 = quoted[9],
        c10 = quoted[10],
        c11 = quoted[11],
    );
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/01.yaml", &goal)]);
    let dataset = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let packet = packet(
        &dataset,
        &PacketRequest {
            year: Some("28".parse().unwrap()),
            goals: vec![],
            ..PacketRequest::default()
        },
    );
    assert_eq!(packet.rendered.document.pages().len(), 1);
    let text = squash(&page_text(&packet.rendered.document.pages()[0]));
    for literal in hostile {
        assert!(
            text.contains(&squash(literal)),
            "{literal:?} not printed literally in {text}"
        );
    }
}

#[test]
fn text_too_long_for_the_floor_continues_on_a_follow_on_page() {
    let long = "地域の見守り活動を継続し、関係機関との連携を深めました。".repeat(120);
    let goal = format!(
        "goals:\n  - no: 7\n    plan_code: {{ basic_goal: II, measure: 3, sub_measure: 1 }}\n    content: 長い内容\n    target: 目標\n    years:\n{}",
        ["28", "29", "30", "R1"]
            .iter()
            .map(|y| format!("      - year: {y}\n        results: {long}\n        evaluation: C\n"))
            .collect::<String>()
    );
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/07.yaml", &goal)]);
    let dataset = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let packet = packet(
        &dataset,
        &PacketRequest {
            year: Some(r1()),
            goals: vec![],
            ..PacketRequest::default()
        },
    );
    let fit = &packet.rendered.fits[0];
    assert!(fit.pages > 1, "{fit:?}");
    assert_eq!(fit.size, 6.0, "the floor size before continuing");
    let pages = packet.rendered.document.pages();
    assert_eq!(pages.len(), fit.pages);
    let first = squash(&page_text(&pages[0]));
    assert!(!first.contains("（続き）"));
    for page in &pages[1..] {
        let text = squash(&page_text(page));
        assert!(text.contains("進行管理シート（続き）"), "{text}");
        assert!(text.contains("実施目標No.7"), "the header band is repeated");
        assert!(text.contains("内容と成果"), "the table header is repeated");
    }
    // 守 stands once in every sentence and nowhere in the form's labels.
    let all: String = pages.iter().map(page_text).collect();
    assert_eq!(
        all.matches('守').count(),
        4 * 120,
        "no text lost across pages"
    );
}

/// The fitting guesses each next size from the heights it measured; an
/// exhaustive scan of every body size, measured as placed (not as the
/// fitting's probe), must come to the same size for every goal.
#[test]
fn each_sheet_is_set_at_the_largest_size_that_fits() {
    let dataset = dataset();
    let mut world = SheetWorld::new(&[] as &[&Path]);
    let request = PacketRequest {
        year: Some(r1()),
        ..PacketRequest::default()
    };
    let (year, rendered) = layout_packet(&mut world, dataset, &request).unwrap();
    let data = serde_json::to_vec(&sheet_data::packet(dataset, year, &[])).unwrap();
    world.set_document(templates::SHEETS_MAIN, vec![(templates::DATA_PATH, data)]);
    world.set_main_source(
        r#"#import "/lib.typ": *
#let data = json("/data.json")
#for goal in data.goals {
  context {
    let heights = body-sizes.map(size => measure(block(width: body-width, sheet-body(goal, data.plan.strip_years, size))).height)
    [#metadata((no: goal.no, fitting: body-sizes.zip(heights).filter(((_, h)) => h <= body-height).map(((s, _)) => s / 1pt), floor: body-sizes.last() / 1pt))<scan>]
  }
}"#,
    );
    let scan = typst::compile::<PagedDocument>(&world)
        .output
        .unwrap_or_else(|e| panic!("{e:?}"));
    let label = Label::new(PicoStr::intern("scan")).unwrap();
    let scanned: Vec<(u32, Option<f64>, f64)> = scan
        .introspector()
        .query(&Selector::Label(label))
        .iter()
        .map(|content| {
            let meta = content.to_packed::<MetadataElem>().unwrap();
            let dict = meta.value.clone().cast::<Dict>().unwrap();
            let get = |key: &str| dict.get(key).unwrap().clone();
            let fitting = get("fitting").cast::<Vec<f64>>().unwrap();
            (
                get("no").cast::<u32>().unwrap(),
                fitting.first().copied(),
                get("floor").cast::<f64>().unwrap(),
            )
        })
        .collect();
    assert_eq!(scanned.len(), dataset.goals.len());
    assert_eq!(rendered.fits.len(), scanned.len());
    let mut sizes = Vec::new();
    for (fit, (no, largest_fitting, floor)) in rendered.fits.iter().zip(&scanned) {
        assert_eq!(fit.no, *no);
        match largest_fitting {
            Some(size) => {
                assert_eq!(fit.size, *size, "No.{no}");
                assert_eq!(fit.pages, 1, "No.{no}");
            }
            None => {
                assert_eq!(fit.size, *floor, "No.{no}");
                assert!(
                    fit.pages > 1,
                    "No.{no} fits no size yet has no follow-on page"
                );
            }
        }
        if !sizes.contains(&fit.size) {
            sizes.push(fit.size);
        }
    }
    // The bundled plan exercises the search: its sheets are set in at least
    // five of the seven sizes, the floor included.
    assert!(sizes.len() >= 5, "sizes used: {sizes:?}");
}

/// Every glyph of `frame` with its place on the page: (glyph id, x, y) in
/// points.
fn placed_glyphs(frame: &Frame, ts: Transform, out: &mut Vec<(u16, f64, f64)>) {
    for (pos, item) in frame.items() {
        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                placed_glyphs(&group.frame, ts.pre_concat(group.transform), out)
            }
            FrameItem::Text(text) => {
                let mut x = Abs::zero();
                for glyph in &text.glyphs {
                    let at = Point::new(
                        x + glyph.x_offset.at(text.size),
                        -glyph.y_offset.at(text.size),
                    )
                    .transform(ts);
                    out.push((glyph.id, at.x.to_pt(), at.y.to_pt()));
                    x += glyph.x_advance.at(text.size);
                }
            }
            _ => {}
        }
    }
}

/// The templates shape Japanese as one script (templates/styles.typ); that
/// must not change a glyph or move it: with the script inferred, every page
/// has the same glyphs in the same places.
#[test]
fn one_shaping_script_sets_the_same_glyphs_as_inferred_scripts() {
    let dataset = dataset();
    let request = PacketRequest {
        year: Some(r1()),
        ..PacketRequest::default()
    };
    let glyphs = |world: &mut SheetWorld| -> Vec<Vec<(u16, f64, f64)>> {
        let (_, rendered) = layout_packet(world, dataset, &request).unwrap();
        let pages = rendered.document.pages();
        pages
            .iter()
            .map(|page| {
                let mut out = Vec::new();
                placed_glyphs(&page.frame, Transform::identity(), &mut out);
                out
            })
            .collect()
    };
    let styles = templates::get("/styles.typ").unwrap();
    assert!(styles.contains("#let script = \"hani\""));
    let inferred = tempfile::tempdir().unwrap();
    std::fs::write(
        inferred.path().join("styles.typ"),
        styles.replace("#let script = \"hani\"", "#let script = auto"),
    )
    .unwrap();
    let mut world = SheetWorld::new(&[] as &[&Path]);
    let one_script = glyphs(&mut world);
    assert_eq!(
        world.load_templates_from(inferred.path()).unwrap(),
        ["/styles.typ"]
    );
    let inferred_scripts = glyphs(&mut world);
    assert_eq!(one_script.len(), dataset.goals.len());
    assert_eq!(one_script.len(), inferred_scripts.len());
    for (page, (a, b)) in one_script.iter().zip(&inferred_scripts).enumerate() {
        assert!(
            a.len() > 500,
            "page {} has only {} glyphs",
            page + 1,
            a.len()
        );
        assert_eq!(a.len(), b.len(), "page {}", page + 1);
        for (x, y) in a.iter().zip(b) {
            let close = (x.1 - y.1).abs() < 1e-3 && (x.2 - y.2).abs() < 1e-3;
            assert!(x.0 == y.0 && close, "page {}: {x:?} vs {y:?}", page + 1);
        }
    }
}
