//! Stage 2, typesetting: the 資料8 packet laid out with the real fonts
//! (pages, text, labels, the fitting), glyph coverage before layout,
//! markup in the data printed literally, and a Typst world that reads
//! nothing but its own files.

use std::path::{Path, PathBuf};

use crate::common::*;
use typst::model::Document as _;
use welfare_sheets::data::diagnostic::Severity;
use welfare_sheets::data::era::FiscalYear;
use welfare_sheets::data::load::load_dataset_from_str;
use welfare_sheets::data::model::{Block, RichText, TaggedBlock};
use welfare_sheets::data::{Dataset, load_dataset};
use welfare_sheets::documents::packet::{PacketRequest, layout_packet};
use welfare_sheets::typeset::coverage::{self, SystemFonts};
use welfare_sheets::typeset::render::page_text;
use welfare_sheets::typeset::world::SheetWorld;

use typst::foundations::{Dict, Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;
use welfare_sheets::typeset::templates;

use crate::common::{programmes, schedule};

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

/// Calls `visit` with every text run of `frame` and the transform that
/// places it on the page.
fn visit_texts(frame: &Frame, ts: Transform, visit: &mut dyn FnMut(&TextItem, Transform)) {
    for (pos, item) in frame.items() {
        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                visit_texts(&group.frame, ts.pre_concat(group.transform), visit)
            }
            FrameItem::Text(text) => visit(text, ts),
            _ => {}
        }
    }
}

/// The labels printed in the yearly table's 年度 column of a sheet's
/// `pages`, top to bottom, page after page: the year-like texts centred
/// under the column's 年度 heading.
fn year_column_labels(pages: &[typst_layout::Page]) -> Vec<String> {
    let mut labels = Vec::new();
    for page in pages {
        let mut texts: Vec<(String, f64, f64)> = Vec::new();
        visit_texts(&page.frame, Transform::identity(), &mut |text, ts| {
            let width: Abs = text.glyphs.iter().map(|g| g.x_advance.at(text.size)).sum();
            let centre = Point::new(width / 2.0, Abs::zero()).transform(ts);
            texts.push((text.text.to_string(), centre.x.to_pt(), centre.y.to_pt()));
        });
        let heading = texts
            .iter()
            .filter(|(t, _, _)| t == "年度")
            .map(|(_, x, _)| *x)
            .next()
            .expect("the yearly table has a 年度 heading");
        let mut rows: Vec<(f64, String)> = texts
            .into_iter()
            .filter(|(t, x, _)| (x - heading).abs() < 1.0 && t.parse::<FiscalYear>().is_ok())
            .map(|(t, _, y)| (y, t))
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        labels.extend(rows.into_iter().map(|(_, t)| t));
    }
    labels
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
            ("内容".into(), goal.fields.text("content")),
            ("目標".into(), goal.fields.text("target")),
            ("特記事項".into(), goal.fields.text("notes")),
            ("方向性・ねらい".into(), goal.fields.text("direction")),
        ];
        for entry in goal.years.iter().filter(|e| e.year <= year.next()) {
            let y = entry.year.row_label();
            fields.push((format!("{y} 取組の内容"), entry.fields.text("activities")));
            if entry.year <= year {
                fields.push((format!("{y} 内容と成果"), entry.fields.text("results")));
                fields.push((format!("{y} 課題"), entry.fields.text("challenges")));
                fields.push((format!("{y} 意見等"), entry.fields.text("remarks")));
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
        let programmes = programmes(goal);
        for programme in &programmes.city {
            assert!(text.contains(&squash(&programme.name)), "No.{} 市", goal.no);
            for section in &programme.sections {
                assert!(
                    text.contains(&squash(section)),
                    "No.{} 〔{section}〕",
                    goal.no
                );
            }
        }
        for programme in &programmes.council {
            assert!(text.contains(&squash(programme)), "No.{} 市社協", goal.no);
        }
        // The year strip prints 28–32 on every sheet: the rows are read
        // from the yearly table's own 年度 column.
        let rows: Vec<String> = goal
            .years
            .iter()
            .filter(|e| e.year <= year.next())
            .map(|e| e.year.row_label())
            .collect();
        assert_eq!(
            year_column_labels(&pages[page - fit.pages..page]),
            rows,
            "No.{} yearly table rows",
            goal.no
        );
        for label in schedule(goal)
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
    let plan_30 = pieces(row("30").fields.text("activities"));
    let results_30 = pieces(row("30").fields.text("results"));
    let plan_r1 = pieces(row("R1").fields.text("activities"));
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
    let data =
        serde_json::to_vec(&welfare_sheets::view::packet(dataset, year, &[], false)).unwrap();
    world.set_document(templates::SHEETS_MAIN, vec![(templates::DATA_PATH, data)]);
    world.set_main_source(
        r#"#import "/lib.typ": *
#let data = json("/data.json")
#for goal in data.goals {
  context {
    let heights = body-sizes.map(size => measure(block(width: body-width, sheet-body(goal, data.frame, data.plan.strip_years, size))).height)
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
    visit_texts(frame, ts, &mut |text, ts| {
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
    });
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

// ------------------------------------------------------------- glyphs

/// A dataset whose goal 5 has `text` in its R1 results (a list item).
fn dataset_with_result(text: &str) -> (String, Dataset) {
    let goal = format!(
        "{}{GOAL_HEAD}    years:\n      - year: R1\n        results:\n          - list: [吉田さん, {}]\n        evaluation: B\n",
        PLAN_YAML,
        serde_json::to_string(text).unwrap()
    );
    let dataset = load_dataset_from_str("goals.yaml", &goal).unwrap_or_else(|e| panic!("{e}"));
    (goal, dataset)
}

#[test]
fn a_character_no_font_has_is_named_with_its_code_point_goal_year_and_field() {
    let (goal, dataset) = dataset_with_result("𠮷野家の𠮷");
    let coverage = coverage::check(&dataset, &[], &SystemFonts::Off);
    let d = the(
        &coverage.diagnostics,
        "「𠮷」（U+20BB7）はどのフォントにもない文字です",
    );
    assert!(d.is_error());
    assert!(d.message.contains("2 か所"), "{d}");
    assert_eq!(
        d.place.to_string(),
        "実施目標 No.5 / R1 / 内容と成果（箇条書き）"
    );
    let (line, column) = at(&goal, "𠮷", 0);
    assert_eq!(d.location().unwrap(), format!("goals.yaml:{line}:{column}"));
    assert!(coverage.fallback_files.is_empty());
}

#[test]
fn sheets_refuses_tofu_and_keeps_the_old_pdf() {
    let goal = format!("{GOAL_HEAD}    notes: \"私用領域の字 \\U0010FFFD\"\n");
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", &goal)]);
    let output = dir.path().join("sheets.pdf");
    std::fs::write(&output, b"earlier good output").unwrap();
    let run = welfare_sheets()
        .args(["sheets", "--no-system-fonts", "--data"])
        .arg(dir.path())
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("U+10FFFD"), "{stderr}");
    assert!(stderr.contains("実施目標 No.5 / 特記事項"), "{stderr}");
    assert_eq!(std::fs::read(&output).unwrap(), b"earlier good output");
}

fn fallback_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/fallback_fonts")
}

/// The font each run of text containing `c` on the page was set in.
fn fonts_drawing(page: &typst_layout::Page, c: char) -> Vec<(String, bool)> {
    fn walk(frame: &typst::layout::Frame, c: char, out: &mut Vec<(String, bool)>) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(group) => walk(&group.frame, c, out),
                typst::layout::FrameItem::Text(text) if text.text.contains(c) => {
                    // Glyph id 0 is .notdef: the empty box.
                    let tofu = text.glyphs.iter().any(|g| g.id == 0);
                    out.push((text.font.info().family.clone(), tofu));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&page.frame, c, &mut out);
    out
}

#[test]
fn an_installed_font_that_has_the_character_is_named_and_used() {
    let (goal, dataset) = dataset_with_result("アルメニア文字 Ա");
    let system = SystemFonts::Dirs(vec![fallback_dir()]);
    let coverage = coverage::check(&dataset, &[], &system);
    let d = the(
        &coverage.diagnostics,
        "「Ա」（U+0531）は同梱のフォントにない文字です",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("「WS Fallback Test」"), "{d}");
    assert!(d.message.contains("fallback-test.ttf"), "{d}");
    let (line, column) = at(&goal, "Ա", 0);
    assert_eq!(d.location().unwrap(), format!("goals.yaml:{line}:{column}"));
    assert_eq!(
        coverage.fallback_files,
        vec![fallback_dir().join("fallback-test.ttf")]
    );

    // The world given that file draws the character with it …
    let mut world = SheetWorld::with_font_files(&[] as &[&Path], &coverage.fallback_files);
    let (_, rendered) = layout_packet(&mut world, &dataset, &PacketRequest::default()).unwrap();
    let drawn = fonts_drawing(&rendered.document.pages()[0], 'Ա');
    assert_eq!(drawn, vec![("WS Fallback Test".to_owned(), false)]);
    // … where the bundled fonts alone would print an empty box.
    let mut bare = SheetWorld::new(&[] as &[&Path]);
    let (_, rendered) = layout_packet(&mut bare, &dataset, &PacketRequest::default()).unwrap();
    let drawn = fonts_drawing(&rendered.document.pages()[0], 'Ա');
    assert!(drawn.iter().all(|(_, tofu)| *tofu), "{drawn:?}");
}

#[test]
fn a_font_path_font_that_has_the_character_is_a_note() {
    let (_, dataset) = dataset_with_result("Բ");
    let coverage = coverage::check(&dataset, &[fallback_dir()], &SystemFonts::Off);
    let d = the(&coverage.diagnostics, "「Բ」（U+0532）");
    assert_eq!(d.severity, Severity::Note);
    assert!(
        d.message
            .contains("--font-path のフォント「WS Fallback Test」"),
        "{d}"
    );
    // --font-path fonts are already in the world: nothing to add.
    assert!(coverage.fallback_files.is_empty());
}

#[test]
fn joiners_and_variation_selectors_are_not_reported() {
    // 葛 with an ideographic variation selector, a zero-width joiner.
    let (_, dataset) = dataset_with_result("葛\u{E0100}城 a\u{200D}b");
    let coverage = coverage::check(&dataset, &[], &SystemFonts::Off);
    assert!(
        coverage.diagnostics.is_empty(),
        "{}",
        render_all(&coverage.diagnostics)
    );
}

// ------------------------------------------------------------ injection

/// Every Typst markup character and sequence.
const MARKUP: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "<",
    ">",
    "@",
    "\\",
    "`",
    "=",
    "-",
    "+",
    "/",
    "[",
    "]",
    "{",
    "}",
    "#read(\"../../secret.txt\")",
    "#panic()",
    "#include \"/lib.typ\"",
    "#image(\"/x\")",
    "#import \"@preview/cetz:0.3.0\": *",
    "$x^2$",
    "*bold*",
    "_emph_",
    "<label>",
    "@ref",
    "`raw`",
    "```rust x```",
    "= heading",
    "- item",
    "+ item",
    "/ term: x",
    "// comment",
    "/* comment */",
    "\\#escape",
    "#{1 + 1}",
    "#[content]",
    "#let x = 1",
    "~",
    "...",
    "--",
    "---",
    "'quote'",
    "\"quote\"",
    "#set page(width: 1cm)",
    "#show: x => []",
];

/// The fields a goal has, each with the marker character its text carries.
const FIELDS: &[(&str, char)] = &[
    ("content", '内'),
    ("target", '目'),
    ("notes", '特'),
    ("direction", '方'),
    ("city", '市'),
    ("section", '課'),
    ("council", '社'),
    ("label", '段'),
    ("activities", '取'),
    ("results", '成'),
    ("heading", '見'),
    ("table", '表'),
    ("challenges", '題'),
    ("remarks", '意'),
];

/// The text a field of goal `n` carries for `token`: the token at the start
/// of a line (where markup such as `= ` or `- ` would act) and in the middle.
fn hostile(token: &str, marker: char, n: usize) -> String {
    format!("{token}{marker}{n}\n{marker}{n}{token}{marker}")
}

#[test]
fn every_markup_character_in_every_field_prints_literally() {
    let q = |s: String| serde_json::to_string(&s).unwrap();
    let mut goals = String::from("goals:\n");
    for (n, token) in MARKUP.iter().enumerate() {
        let n = n + 1;
        let marker = |field: &str| FIELDS.iter().find(|(f, _)| *f == field).unwrap().1;
        let t = |field: &str| q(hostile(token, marker(field), n));
        // One-line fields carry the two forms separated by a space.
        let one = |field: &str| q(hostile(token, marker(field), n).replace('\n', " "));
        goals += &format!(
            "  - no: {n}\n    content: {}\n    target: {}\n    notes:\n      - paragraph: {}\n    direction:\n      - {}\n      - heading: {}\n    programmes:\n      city: [{{ name: {}, sections: [{}] }}]\n      council: [{}]\n    schedule: {{ segments: [{{ from: 28, to: 32, label: {} }}] }}\n    years:\n      - year: 28\n        activities:\n          - list: [{}]\n        results:\n          - {}\n          - table: [[{}, x]]\n        challenges: {}\n        evaluation: B\n        remarks: {}\n",
            t("content"),
            t("target"),
            t("notes"),
            t("direction"),
            one("heading"),
            one("city"),
            one("section"),
            one("council"),
            one("label"),
            t("activities"),
            t("results"),
            one("table"),
            t("challenges"),
            t("remarks"),
        );
    }
    let all_tokens: String = MARKUP.iter().take(17).copied().collect();
    let plan = format!(
        "plan:\n  title: {}\n  issuers: [防府市]\n  packet_label: {}\n  period: {{ from: H28, to: H32 }}\n",
        q(format!("計画{all_tokens}")),
        q(format!("資料{all_tokens}")),
    );
    let dataset = load_dataset_from_str("hostile.yaml", &format!("{plan}{goals}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let hostile_packet = packet(&dataset, &PacketRequest::default());
    let rendered = &hostile_packet.rendered;
    let pages = rendered.document.pages();
    assert_eq!(rendered.fits.len(), MARKUP.len());
    assert!(squash(&page_text(&pages[0])).contains(&squash(&format!("資料{all_tokens}"))));
    let title = rendered
        .document
        .info()
        .title
        .as_deref()
        .unwrap_or_default();
    assert!(title.contains(&format!("計画{all_tokens}")), "{title}");

    for (i, token) in MARKUP.iter().enumerate() {
        let n = i + 1;
        // The sheet of goal n: its first page (and any follow-on page).
        let first = rendered.fits[..i].iter().map(|f| f.pages).sum::<usize>();
        let text: String = pages[first..first + rendered.fits[i].pages]
            .iter()
            .map(page_text)
            .collect();
        let text = squash(&text);
        for (field, marker) in FIELDS {
            for form in [
                format!("{token}{marker}{n}"),
                format!("{marker}{n}{token}{marker}"),
            ] {
                assert!(
                    text.contains(&squash(&form)),
                    "goal {n}, {field}: {form:?} not printed literally in {text}"
                );
            }
        }
    }
    // Markup that acted would have made structure the sheets never have
    // (headings, lists, links, code, formulas): the tagged PDF holds the
    // same kinds of element as the bundled packet's.
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), &hostile_packet.pdf).unwrap();
    let bundled = packet(crate::common::dataset(), &PacketRequest::default());
    let bundled_file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(bundled_file.path(), &bundled.pdf).unwrap();
    let kinds = structure_kinds(file.path());
    assert!(kinds.contains("/TD"), "{kinds:?}");
    assert_eq!(kinds, structure_kinds(bundled_file.path()));
}

// -------------------------------------------------------------- sandbox

/// Compiles `main` as the main file of a fresh world; the error text, or
/// `None` when it compiled.
fn compile_error(main: &str) -> Option<String> {
    let mut world = SheetWorld::new(&[] as &[&Path]);
    world.set_main_source(main);
    let result = typst::compile::<typst_layout::PagedDocument>(&world).output;
    result.err().map(|errors| {
        errors
            .iter()
            .map(|e| {
                let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
                format!("{} {}", e.message, hints.join(" "))
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn the_world_refuses_every_file_outside_its_embedded_set() {
    // A real file on this machine that a world reading the file system
    // would serve, by its absolute path and by a path climbing to it.
    let secret = tempfile::NamedTempFile::new().unwrap();
    let token = format!("SECRET-{}", std::process::id());
    std::fs::write(secret.path(), &token).unwrap();
    let absolute = secret.path().display().to_string();
    let climbing = format!("../../../../../../../..{absolute}");
    assert_eq!(std::fs::read_to_string(&absolute).unwrap(), token);
    let mut mains = vec![
        format!("#read(\"{absolute}\")"),
        format!("#read(\"{climbing}\")"),
        format!("#include \"{absolute}\""),
    ];
    mains.extend(
        [
            "#read(\"/etc/passwd\")",
            "#read(\"../../secret.txt\")",
            "#read(\"/Cargo.toml\")",
            "#read(\"Cargo.toml\")",
            "#read(\"/src/lib.rs\")",
            "#read(\"/templates/lib.typ\")",
            "#read(\"/fonts/OFL.txt\")",
            "#image(\"/x\")",
            "#image(\"/x.png\")",
            "#include \"/other.typ\"",
            "#import \"/other.typ\": *",
            "#json(\"/data.json\")",
            "#csv(\"/data.csv\")",
            "#yaml(\"/data/plan.yaml\")",
            "#read(\"/custom.typ/../../../etc/passwd\")",
        ]
        .map(str::to_owned),
    );
    for main in &mains {
        let error = compile_error(main).unwrap_or_else(|| panic!("{main} compiled"));
        assert!(
            error.contains("is refused") || error.contains("would escape the project root"),
            "{main}: {error}"
        );
        assert!(!error.contains(&token), "{main} leaked the secret file");
        assert!(!error.contains("[package]"), "{main} leaked Cargo.toml");
        assert!(!error.contains("root:x:0:0"), "{main} leaked /etc/passwd");
    }
}

#[test]
fn the_world_refuses_every_package_import() {
    for main in [
        "#import \"@preview/cetz:0.3.0\": canvas",
        "#import \"@preview/tablex:0.0.8\"",
        "#import \"@local/mine:1.0.0\": *",
        "#include \"@preview/x:1.0.0\"",
    ] {
        let error = compile_error(main).unwrap_or_else(|| panic!("{main} compiled"));
        assert!(
            error.contains("welfare-sheets loads no packages"),
            "{main}: {error}"
        );
    }
}

#[test]
fn the_world_serves_its_own_templates() {
    // The control for the two tests above: what is embedded can be read.
    assert_eq!(
        compile_error("#import \"/lib.typ\": *\n#read(\"/styles.typ\")"),
        None
    );
}
