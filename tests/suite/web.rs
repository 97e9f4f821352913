//! The web edition as its readers meet it: every page through Debian's
//! Chromium with axe-core (WCAG 2.0 and 2.1, A and AA) and through the Nu
//! HTML Checker; every word of every sheet on its page and in its text
//! companion; a clerk's markup printed as text; the links to the PDFs with
//! the files' real sizes; `build --web`.

use std::path::{Path, PathBuf};
use std::process::Command;

use welfare_sheets::data::{Dataset, load_dataset};
use welfare_sheets::documents::web::{WebEdition, WebPdf, WebPdfs, make_web};
use welfare_sheets::view::booklet::booklet;
use welfare_sheets::view::sheet::{BlockView, Cell, Frame, SheetView};

use crate::common::{bundled_data, dataset, dataset_dir, root, squash, succeed, welfare_sheets};

/// The target folder the tests were built in (the checkers and the
/// screenshots live there).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp is inside the target folder")
        .to_owned()
}

/// The web edition of `dataset`'s latest year, made by the library with
/// stand-in PDFs (the words tests need no layout).
fn edition(dataset: &Dataset) -> WebEdition {
    let year = dataset.report_year(None).unwrap();
    let pdf = |name: &str| WebPdf {
        name: name.to_owned(),
        bytes: b"%PDF-1.7 stand-in".to_vec(),
        pages: 1,
    };
    make_web(
        dataset,
        year,
        WebPdfs {
            packet: pdf("sheets.pdf"),
            booklet: pdf("booklet.pdf"),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn file<'a>(edition: &'a WebEdition, path: &str) -> &'a [u8] {
    edition
        .files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, bytes)| bytes.as_slice())
        .unwrap_or_else(|| panic!("the web edition has no {path}"))
}

/// What a reader of `html` reads: the text without the tags, the
/// character references decoded.
fn page_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').expect("every tag closes") + open;
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    decode_references(&text)
}

fn decode_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').expect("a reference ends with ;") + amp;
        let name = &rest[amp + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => name.strip_prefix('#').expect("a known reference").parse(),
                };
                char::from_u32(code.expect("a number")).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A text companion's text: UTF-8 after a byte-order mark, every line
/// ended by CRLF.
fn companion_text(bytes: &[u8], path: &str) -> String {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{path} starts with a byte-order mark"));
    assert!(text.ends_with("\r\n"), "{path} ends its last line");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{path}: every line ends in CRLF"
    );
    text.to_owned()
}

/// Every text `sheet` prints, each with where it stands: the frame's
/// headings, each field's label, every paragraph, list item, heading and
/// table cell of every text, every value, the programmes, the schedule.
fn sheet_texts(frame: &Frame, sheet: &SheetView) -> Vec<(String, String)> {
    let mut texts = vec![
        ("frame.title".to_owned(), frame.title.clone()),
        ("frame.year_label".to_owned(), frame.year_label.clone()),
        ("name".to_owned(), sheet.name.clone()),
    ];
    for (i, row) in frame.header.iter().enumerate() {
        for cell in row {
            texts.push((format!("header[{i}]"), cell.label.clone()));
        }
    }
    for (i, part) in sheet.code.iter().enumerate() {
        texts.push((format!("code[{i}]"), part.clone()));
    }
    fn cell_texts(place: &str, cell: &Cell, texts: &mut Vec<(String, String)>) {
        let mut push = |text: &str| {
            for line in text.lines() {
                texts.push((place.to_owned(), line.to_owned()));
            }
        };
        match cell {
            Cell::Rich { blocks, .. } => {
                for block in blocks {
                    match block {
                        BlockView::Paragraph { text } | BlockView::Heading { text } => push(text),
                        BlockView::List { items } => items.iter().for_each(|i| push(i)),
                        BlockView::Table { rows } => rows.iter().flatten().for_each(|c| push(c)),
                    }
                }
            }
            Cell::Value { text, .. } => push(text),
            Cell::Schedule { text, .. } => push(text),
            Cell::Programmes {
                city_label,
                council_label,
                city,
                council,
                ..
            } => {
                for text in [city_label, council_label, city, council] {
                    push(text);
                }
            }
        }
    }
    for section in &sheet.plan {
        match section {
            welfare_sheets::view::sheet::SectionView::Group { label, rows } => {
                texts.push(("plan group".to_owned(), label.clone()));
                for row in rows {
                    texts.push((row.label.clone(), row.label.clone()));
                    cell_texts(&row.label, &row.cell, &mut texts);
                }
            }
            welfare_sheets::view::sheet::SectionView::Row { row } => {
                texts.push((row.label.clone(), row.label.clone()));
                cell_texts(&row.label, &row.cell, &mut texts);
            }
        }
    }
    for row in &sheet.rows {
        texts.push(("year".to_owned(), row.year.clone()));
        for (cell, column) in row.cells.iter().zip(&frame.columns) {
            texts.push((column.key.clone(), column.label.clone()));
            cell_texts(&format!("{} {}", row.year, column.label), cell, &mut texts);
        }
    }
    if let Some(one) = &sheet.year {
        for row in &one.rows {
            texts.push((row.label.clone(), row.label.clone()));
            cell_texts(&row.label, &row.previous, &mut texts);
            cell_texts(&row.label, &row.current, &mut texts);
        }
    }
    for indicator in &sheet.indicators {
        for text in indicator
            .cells
            .iter()
            .chain(indicator.chart.iter().map(|c| &c.text))
        {
            for line in text.lines() {
                texts.push(("indicators".to_owned(), line.to_owned()));
            }
        }
    }
    for note in &sheet.footnotes {
        texts.push(("footnotes".to_owned(), note.clone()));
    }
    texts.retain(|(_, text)| !text.trim().is_empty());
    texts
}

/// Fails naming every text of `dataset`'s sheets missing from its goal's
/// page or text companion.
fn assert_every_word(dataset: &Dataset) {
    let year = dataset.report_year(None).unwrap();
    let view = booklet(dataset, year, None);
    let edition = edition(dataset);
    let mut missing = Vec::new();
    for sheet in &view.goals {
        let html_path = format!("goals/{:02}.html", sheet.no);
        let text_path = format!("goals/{:02}.txt", sheet.no);
        let html = std::str::from_utf8(file(&edition, &html_path)).unwrap();
        let page = squash(&page_text(html));
        let companion = squash(&companion_text(file(&edition, &text_path), &text_path));
        let mut texts = sheet_texts(&view.frame, sheet);
        texts.push(("packet label".to_owned(), view.plan.packet_label.clone()));
        for (place, text) in texts {
            for (edition, got) in [(&html_path, &page), (&text_path, &companion)] {
                if !got.contains(&squash(&text)) {
                    missing.push(format!("{edition}: {place}: {text:?}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn every_word_of_every_sheet_is_on_its_page_and_in_its_text() {
    assert_every_word(dataset());
    assert_every_word(&other_sheet());
}

/// A dataset of another sheet: the year beside the year before, indicators
/// with rates, grades and charts, typed columns, no column groups.
fn other_sheet() -> Dataset {
    load_dataset(&root().join("tests/fixtures/web/one_year")).unwrap_or_else(|e| panic!("{e}"))
}

/// Writes `edition` into `dir`.
fn write_edition(edition: &WebEdition, dir: &Path) {
    for (path, bytes) in &edition.files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A dataset whose texts are markup, references and template syntax.
fn hostile_dataset() -> tempfile::TempDir {
    let plan = std::fs::read_to_string(root().join("tests/fixtures/documents/six_years/plan.yaml"))
        .unwrap();
    dataset_dir(&[("plan.yaml", &plan), ("goals/01.yaml", HOSTILE_GOAL)])
}

const HOSTILE_GOAL: &str = r#"goals:
  - no: 1
    plan_code: { basic_goal: I, measure: 1, sub_measure: 1 }
    content: "<script>alert(1)</script> の周知"
    target:
      - "&amp; と </td> と {{ x }} と {% if %} と {{ words.skip_link }}"
      - list: ["<script>alert(2)</script>", "a & b < c"]
      - heading: "</h3><h1>見出し"
      - table: [["</td></tr></table>", "{{ y }}"], ["&lt;", "'\"'"]]
    schedule: { segments: [{ from: R3, to: R4, label: "<i>準備</i>" }], new: true }
    notes: "--> <!-- 注記"
    direction: "</p><p>方向"
    programmes:
      city: [{ name: "<a href='x'>事業</a>", sections: ["課&課"] }]
      council: ["{% raw %}事業"]
    years:
      - year: R3
        activities: "<script>alert(3)</script>"
        results: "</td><td>成果"
        challenges: "&#x3C;課題"
        evaluation: A
        remarks: "{{ words.skip_link }}"
"#;

#[test]
fn a_clerks_markup_prints_as_text() {
    let dir = hostile_dataset();
    let dataset = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_every_word(&dataset);
    let edition = edition(&dataset);
    let html = std::str::from_utf8(file(&edition, "goals/01.html")).unwrap();
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    let page = page_text(html);
    let text = companion_text(file(&edition, "goals/01.txt"), "goals/01.txt");
    for literal in [
        "<script>alert(1)</script>",
        "&amp; と </td> と {{ x }} と {% if %} と {{ words.skip_link }}",
        "a & b < c",
        "【</h3><h1>見出し】",
        "</td></tr></table>",
        "<i>準備</i>",
        "--> <!-- 注記",
        "{% raw %}事業",
        "&#x3C;課題",
    ] {
        assert!(
            page.contains(literal),
            "the page prints {literal:?}:\n{page}"
        );
        assert!(
            text.contains(literal),
            "the text prints {literal:?}:\n{text}"
        );
    }
}

/// Fails naming the tool and how to install it.
fn need(tool: &str, args: &[&str], install: &str) {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{tool} is needed for the web edition's checks: `bash .ci/run` installs it ({install})"
    );
}

/// The checkers: axe-core and vnu-jar from npm, selenium from PyPI, in
/// `target/web-tools`.
fn web_tools() -> PathBuf {
    need(
        "/usr/bin/chromium",
        &["--version"],
        "apt-get install chromium chromium-driver",
    );
    need(
        "/usr/bin/chromedriver",
        &["--version"],
        "apt-get install chromium-driver",
    );
    need(
        "java",
        &["-version"],
        "apt-get install default-jre-headless",
    );
    need("npm", &["--version"], "apt-get install npm");
    need(
        "python3",
        &["--version"],
        "apt-get install python3 python3-pip",
    );
    let tools = target_dir().join("web-tools");
    let output = Command::new("sh")
        .arg(root().join("scripts/web-tools.sh"))
        .arg(&tools)
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "scripts/web-tools.sh could not install axe-core, vnu-jar and selenium \
         (npm and pip must reach their registries; `bash .ci/run` runs it):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    tools
}

/// The size a download link should give for the file at `path`.
fn expected_size(path: &Path) -> String {
    let bytes = std::fs::metadata(path).unwrap().len() as f64;
    let kb = (bytes / 1024.0).round().max(1.0);
    if kb < 1024.0 {
        format!("{kb} KB")
    } else {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    }
}

/// The text of the link to `href` in `html`.
fn link_text(html: &str, href: &str) -> String {
    let at = html
        .find(&format!("href=\"{href}\""))
        .unwrap_or_else(|| panic!("no link to {href}"));
    let start = html[at..].find('>').unwrap() + at + 1;
    let end = html[start..].find("</a>").unwrap() + start;
    page_text(&html[start..end])
}

#[test]
fn the_pages_pass_the_browser_and_html_checks() {
    let started = std::time::Instant::now();
    let tools = web_tools();
    // The pages checked stay beside the screenshots, for a person to open.
    let shots = target_dir().join("web-shots");
    let _ = std::fs::remove_dir_all(&shots);
    let site = shots.join("site");
    let bundled = site.join("bundled");
    succeed(
        welfare_sheets()
            .args(["-q", "web", "--data"])
            .arg(bundled_data())
            .arg("--out-dir")
            .arg(&bundled),
    );
    let hostile = hostile_dataset();
    succeed(
        welfare_sheets()
            .args(["-q", "web", "--data"])
            .arg(hostile.path())
            .arg("--out-dir")
            .arg(site.join("hostile")),
    );
    // The other sheet's pages, with stand-in PDFs: its layout is not the
    // matter here.
    write_edition(&edition(&other_sheet()), &site.join("one_year"));

    // The links to the PDFs give the files' real sizes; so does the link
    // to the text companion.
    let index = std::fs::read_to_string(bundled.join("index.html")).unwrap();
    let label = &dataset().plan.packet_label;
    for (href, name) in [
        ("2019-R1-sheets.pdf", label.as_str()),
        ("2019-R1-booklet.pdf", "冊子"),
    ] {
        assert_eq!(
            link_text(&index, href),
            format!("{name}（PDF、{}）", expected_size(&bundled.join(href)))
        );
    }
    assert_eq!(
        link_text(&index, "index.txt"),
        format!(
            "テキスト版（TXT、{}）",
            expected_size(&bundled.join("index.txt"))
        )
    );

    let output = Command::new("python3")
        .arg(root().join("tests/fixtures/web/check_pages.py"))
        .arg("--tools")
        .arg(&tools)
        .arg("--site")
        .arg(&site)
        .arg("--shots")
        .arg(&shots)
        .args([
            "--pages",
            "bundled/index.html",
            "bundled/goals/01.html",
            "bundled/goals/28.html",
        ])
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "check_pages.py printed no report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    std::fs::write(shots.join("report.json"), stdout.as_bytes()).unwrap();

    let mut problems = Vec::new();
    let mut review = Vec::new();
    if !report["fatal"].is_null() {
        problems.push(format!("fatal: {}", report["fatal"]));
    }
    let pages = report["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), 30 + 2 + 3, "every page was checked");
    for page in &pages {
        let path = page["path"].as_str().unwrap_or_default();
        for violation in page["violations"].as_array().into_iter().flatten() {
            problems.push(format!(
                "{path}: axe {}: {} {}",
                violation["id"], violation["help"], violation["nodes"]
            ));
        }
        for key in ["broken_links", "console_errors", "external_requests"] {
            for item in page[key].as_array().into_iter().flatten() {
                problems.push(format!("{path}: {key}: {item}"));
            }
        }
        for (check, good) in [
            ("error", page["error"].is_null()),
            ("script elements", page["script_elements"] == 0),
            ("lang", page["lang"] == "ja"),
            (
                "title",
                page["title"].as_str().is_some_and(|t| !t.is_empty()),
            ),
            ("one h1", page["headings"]["h1"] == 1),
            (
                "headings in order",
                page["headings"]["skips"]
                    .as_array()
                    .is_some_and(Vec::is_empty),
            ),
            (
                "no sideways scroll at 320 px",
                page["reflow"]["320"]["overflows"] == false,
            ),
            (
                "no sideways scroll at 200% zoom",
                page["reflow"]["640"]["overflows"] == false,
            ),
        ] {
            if !good {
                problems.push(format!("{path}: {check}: {page}"));
            }
        }
        for item in page["incomplete"].as_array().into_iter().flatten() {
            review.push(format!(
                "{path}: axe incomplete {} ({} nodes): {}",
                item["id"],
                item["nodes"].as_array().map_or(0, Vec::len),
                item["help"]
            ));
        }
    }
    let vnu = &report["vnu"];
    if !vnu["error"].is_null() {
        problems.push(format!("vnu: {}", vnu["error"]));
    }
    for error in vnu["errors"].as_array().into_iter().flatten() {
        problems.push(format!(
            "vnu: {}:{}: {}",
            error["path"], error["line"], error["message"]
        ));
    }
    for warning in vnu["warnings"].as_array().into_iter().flatten() {
        review.push(format!(
            "vnu warning: {}:{}: {}",
            warning["path"], warning["line"], warning["message"]
        ));
    }
    let shots_taken = report["screenshots"].as_array().map_or(0, Vec::len);
    std::fs::write(shots.join("review.txt"), review.join("\n") + "\n").unwrap();
    println!(
        "web edition: {} pages checked, tools {}, in {:.1} s",
        pages.len(),
        report["tools"],
        started.elapsed().as_secs_f64()
    );
    println!("for a person to review ({} items):", review.len());
    for line in &review {
        println!("  {line}");
    }
    println!(
        "{shots_taken} screenshots and the pages checked in {}",
        shots.display()
    );
    assert_eq!(shots_taken, 6, "index and two goals, 1280 and 390 px wide");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn build_web_writes_the_web_edition_from_the_pdfs_it_made() {
    let out = tempfile::tempdir().unwrap();
    let output = succeed(
        welfare_sheets()
            .args(["build", "--web", "--data"])
            .arg(bundled_data())
            .arg("--out-dir")
            .arg(out.path()),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ホームページ用"), "{stderr}");
    let web = out.path().join("web");
    for name in ["2019-R1-sheets.pdf", "2019-R1-booklet.pdf"] {
        assert_eq!(
            std::fs::read(web.join(name)).unwrap(),
            std::fs::read(out.path().join(name)).unwrap(),
            "{name} beside the pages is the one built"
        );
    }
    let goals = dataset().goals.len();
    for path in [
        "index.html",
        "index.txt",
        "style.css",
        "goals/01.html",
        "goals/01.txt",
    ] {
        assert!(web.join(path).is_file(), "{path}");
    }
    let pages = std::fs::read_dir(web.join("goals")).unwrap().count();
    assert_eq!(pages, goals * 2, "a page and a text per goal");
}

#[test]
fn a_failed_web_run_says_nothing_was_written_and_leaves_the_folder() {
    let data = dataset_dir(&[
        ("plan.yaml", crate::common::PLAN_YAML),
        (
            "goals.yaml",
            "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n    years:\n      - year: R1\n        evaluation: E\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("index.html"), "old").unwrap();
    let output = welfare_sheets()
        .args(["web", "--data"])
        .arg(data.path())
        .arg("--out-dir")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ホームページ用のファイルは作っていません"),
        "{stderr}"
    );
    // The source line is quoted as it is; the rest is Japanese.
    let english = crate::common::english_words(&stderr, &["E", "year", "evaluation"]);
    assert!(english.is_empty(), "{english:?} in {stderr}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("index.html")).unwrap(),
        "old"
    );
}
