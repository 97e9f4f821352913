//! Bad input never costs work: every kind of mistake a clerk (or a hostile
//! file) can make gets a located message in the clerk's terms, in bounded
//! time and memory; markup in the data prints literally; the Typst world
//! reads nothing but its own files; and a failed run leaves earlier output
//! byte-identical.
//!
//! Expected locations are computed from the fixture text itself (where the
//! offending token stands), never copied from the program's output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{PLAN_YAML, bundled_data, dataset_dir, squash, welfare_sheets};
use typst::model::Document as _;
use welfare_sheets::check::{CheckOptions, check};
use welfare_sheets::coverage::{self, SystemFonts};
use welfare_sheets::diagnostic::{Diagnostic, Severity};
use welfare_sheets::load::{Dataset, load_dataset, load_dataset_from_bytes, load_dataset_from_str};
use welfare_sheets::locate::LocationIndex;
use welfare_sheets::model::Evaluation;
use welfare_sheets::packet::{PacketRequest, layout_packet};
use welfare_sheets::render::page_text;
use welfare_sheets::world::SheetWorld;

// ---------------------------------------------------------------- helpers

/// The 1-based line and column (in characters) where `needle` first
/// stands in `text`, plus `offset` characters.
fn at(text: &str, needle: &str, offset: usize) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the fixture"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..byte].chars().count() + 1 + offset;
    (line, column)
}

/// `file:line:col` for `needle` (plus `offset`) in `text`, file relative to `dir`.
fn location(dir: &Path, file: &str, text: &str, needle: &str, offset: usize) -> String {
    let (line, column) = at(text, needle, offset);
    format!("{}:{line}:{column}", dir.join(file).display())
}

/// Loads a dataset of `files` (plan.yaml is added unless given) and expects
/// it to fail; returns the folder and the diagnostics.
fn load_errors(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<Diagnostic>) {
    let mut all: Vec<(&str, &str)> = files.to_vec();
    if !files.iter().any(|(name, _)| *name == "plan.yaml") {
        all.insert(0, ("plan.yaml", PLAN_YAML));
    }
    let dir = dataset_dir(&all);
    let err = load_dataset(dir.path()).expect_err("the dataset should be refused");
    (dir, err.diagnostics)
}

/// The one diagnostic whose message contains `needle`.
fn the<'a>(diagnostics: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic with {needle:?} expected in:\n{}",
        render_all(diagnostics)
    );
    found[0]
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

const GOAL_HEAD: &str = "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n";

// ------------------------------------------------ YAML and the data model

#[test]
fn a_yaml_syntax_error_points_at_the_unclosed_bracket() {
    let goal = "goals:\n  - no: 5\n    content: 内容\n    target: [unclosed\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "YAML の書き方に誤りがあります");
    // The end of the line the bracket was opened on.
    let line = goal.lines().nth(3).unwrap();
    assert_eq!(
        d.location().unwrap(),
        format!(
            "{}:4:{}",
            dir.path().join("goals/05.yaml").display(),
            line.chars().count() + 1
        )
    );
    assert!(d.hint.as_deref().unwrap().contains("]"), "{d}");
    assert_eq!(d.source_line.as_deref(), Some(line));
}

#[test]
fn a_tab_in_the_indentation_is_named() {
    let goal = "goals:\n  - no: 5\n    content: 内容\n\ttarget: x\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "YAML の書き方に誤りがあります");
    assert!(d.hint.as_deref().unwrap().contains("タブ"), "{d}");
    let file = d.file.as_ref().unwrap();
    assert_eq!(file, &dir.path().join("goals/05.yaml"));
    let line = d.position.unwrap().line;
    assert!((3..=4).contains(&line), "{d}");
}

#[test]
fn an_unknown_key_suggests_the_one_meant_and_points_at_the_key() {
    let goal = format!("{GOAL_HEAD}    years:\n      - year: R1\n        evalution: B\n");
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
    let d = the(&diagnostics, "「evalution」という項目はありません");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", &goal, "evalution", 0)
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("もしかして「evaluation」（評価）ですか？")
    );
    assert_eq!(d.place.goal, Some(5));
    assert_eq!(d.place.year.as_deref(), Some("R1"));
}

#[test]
fn an_unknown_top_level_key_suggests_goals() {
    let goal = "goal:\n  - no: 5\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "「goal」という項目はありません");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", goal, "goal:", 0)
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("もしかして「goals」（実施目標）ですか？")
    );
}

#[test]
fn a_wrong_type_says_what_belongs_there() {
    let goal = "goals:\n  - no: abc\n    content: 内容\n    target: 目標\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "値の種類が違います");
    assert!(d.message.contains("0 以上の整数"), "{d}");
    assert!(d.message.contains("\"abc\""), "{d}");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", goal, "abc", 0)
    );
}

#[test]
fn a_list_where_a_mapping_belongs_is_a_wrong_type() {
    let goal = format!("{GOAL_HEAD}    schedule: [28, 32]\n");
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
    let d = the(&diagnostics, "値の種類が違います");
    assert!(d.message.contains("リスト"), "{d}");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", &goal, "[28", 0)
    );
    assert_eq!(d.place.field.as_deref(), Some("年次計画"));
}

#[test]
fn a_missing_required_field_is_named_by_its_label() {
    let goal = "goals:\n  - no: 5\n    target: 目標\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "必須の項目「content」（内容）がありません");
    assert_eq!(d.hint.as_deref(), Some("content: を書き足してください"));
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", goal, "no: 5", 0)
    );
    assert_eq!(d.place.goal, Some(5));
}

#[test]
fn an_evaluation_other_than_a_to_d_is_refused_where_it_stands() {
    for bad in ["E", "Ｅ", "a", "AB", "1"] {
        let goal = format!("{GOAL_HEAD}    years:\n      - year: R1\n        evaluation: {bad}\n");
        let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
        let d = the(&diagnostics, "は使えません（A・B・C・D のいずれか）");
        assert!(d.message.contains(&format!("\"{bad}\"")), "{d}");
        assert_eq!(
            d.location().unwrap(),
            location(dir.path(), "goals/05.yaml", &goal, "evaluation: ", 12),
            "{bad}"
        );
        assert_eq!(d.place.to_string(), "実施目標 No.5 / R1 / 評価");
    }
}

#[test]
fn full_width_evaluations_are_read_as_a_to_d_with_a_note() {
    for (written, meant) in [
        ("Ａ", Evaluation::A),
        ("Ｂ", Evaluation::B),
        ("\"Ｃ\"", Evaluation::C),
        ("Ｄ", Evaluation::D),
    ] {
        let goal = format!(
            "{}{GOAL_HEAD}    years:\n      - year: 30\n        evaluation: {written}\n",
            PLAN_YAML
        );
        let dataset = load_dataset_from_str("goals.yaml", &goal).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dataset.goals[0].years[0].evaluation, Some(meant));
        assert_eq!(dataset.notes.len(), 1, "{written}");
        let note = &dataset.notes[0];
        assert_eq!(note.severity, Severity::Note);
        assert!(
            note.message
                .contains(&format!("を半角の {} として読みました", meant.letter())),
            "{note}"
        );
        let (line, column) = at(&goal, "evaluation: ", 12);
        assert_eq!(
            note.location().unwrap(),
            format!("goals.yaml:{line}:{column}")
        );
        assert_eq!(note.place.to_string(), "実施目標 No.5 / 30 / 評価");
    }
}

#[test]
fn duplicate_goal_numbers_name_both_places() {
    let first = "goals:\n  - no: 7\n    content: 一つ目\n    target: 目標\n";
    let second =
        "# another department's file\ngoals:\n  - no: 7\n    content: 二つ目\n    target: 目標\n";
    let (dir, diagnostics) = load_errors(&[("goals/a.yaml", first), ("goals/b.yaml", second)]);
    let d = the(&diagnostics, "実施目標 No.7 が二度使われています");
    let here = location(dir.path(), "goals/b.yaml", second, "7\n", 0);
    let there = location(dir.path(), "goals/a.yaml", first, "7\n", 0);
    assert!(d.message.contains(&here), "{d}");
    assert!(d.message.contains(&there), "{d}");
    assert_eq!(d.location().unwrap(), here);
}

#[test]
fn a_year_twice_in_one_goal_names_both_lines() {
    let goal = format!(
        "{GOAL_HEAD}    years:\n      - year: 30\n        activities: 一度目\n      - year: H30\n        activities: 二度目\n"
    );
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
    let d = the(&diagnostics, "年度 30 が二度あります");
    let first = location(dir.path(), "goals/05.yaml", &goal, "30\n", 0);
    let second = location(dir.path(), "goals/05.yaml", &goal, "H30", 0);
    assert_eq!(d.location().unwrap(), second);
    assert!(d.message.contains(&first), "{d}");
    assert!(d.message.contains(&second), "{d}");
}

#[test]
fn a_year_outside_the_plan_period_is_refused() {
    let goal = format!("{GOAL_HEAD}    years:\n      - year: R5\n        activities: 予定\n");
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
    let d = the(&diagnostics, "計画期間（平成28年度〜令和2年度）の外です");
    assert!(d.message.contains("令和5年度"), "{d}");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", &goal, "R5", 0)
    );
}

#[test]
fn years_out_of_order_are_refused_at_the_late_comer() {
    let goal =
        format!("{GOAL_HEAD}    years:\n      - year: 29\n      - year: 28\n      - year: 30\n");
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
    let d = the(&diagnostics, "前の行の年度 29 より前に来ています");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "goals/05.yaml", &goal, "28\n", 0)
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("years: は古い年度から順に並べてください")
    );
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let bad_type = "goals:\n  - no: x\n    content: a\n    target: b\n";
    let bad_key = "goals:\n  - no: 2\n    contnet: a\n    target: b\n";
    let bad_year = format!("{GOAL_HEAD}    years:\n      - year: R9\n");
    let (_dir, diagnostics) = load_errors(&[
        ("goals/a.yaml", bad_type),
        ("goals/b.yaml", bad_key),
        ("goals/c.yaml", &bad_year),
    ]);
    // Parse errors of two files at once; the whole-dataset checks need every
    // file parsed, so the third file's year is checked on the next run.
    assert_eq!(diagnostics.len(), 2, "{}", render_all(&diagnostics));
    the(&diagnostics, "値の種類が違います");
    the(&diagnostics, "「contnet」という項目はありません");
}

// --------------------------------------------------- empty and encodings

#[test]
fn an_empty_file_is_named() {
    for text in ["", "# only a comment\n", "---\n", "\n\n"] {
        let (dir, diagnostics) = load_errors(&[("goals/05.yaml", text)]);
        let d = the(&diagnostics, "ファイルが空です");
        assert_eq!(
            d.file.as_deref(),
            Some(dir.path().join("goals/05.yaml").as_path())
        );
    }
}

#[test]
fn a_dataset_without_goals_is_refused() {
    let (dir, diagnostics) = load_errors(&[("goals/none.yaml", "goals: []\n")]);
    let d = the(&diagnostics, "実施目標 (goals) が一つもありません");
    assert_eq!(d.file.as_deref(), Some(dir.path()));
}

#[test]
fn a_dataset_without_a_plan_is_refused() {
    let dir = dataset_dir(&[("goals/05.yaml", GOAL_HEAD)]);
    let err = load_dataset(dir.path()).unwrap_err();
    the(&err.diagnostics, "計画 (plan) がどのファイルにもありません");
}

/// A goal file as Excel or Notepad on Japanese Windows saves it.
const SJIS_FIXTURE: &str = "tests/fixtures/bad_input/shift_jis/goals/05.yaml";

#[test]
fn a_shift_jis_file_is_named_and_the_clerk_told_to_save_as_utf8() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(SJIS_FIXTURE)).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad, "the fixture is valid Shift_JIS");

    let err = load_dataset_from_bytes(
        Path::new("data"),
        vec![
            (PathBuf::from("plan.yaml"), PLAN_YAML.as_bytes().to_vec()),
            (PathBuf::from("goals/05.yaml"), bytes.clone()),
        ],
    )
    .unwrap_err();
    let d = the(&err.diagnostics, "UTF-8 で保存してください");
    assert!(d.message.contains("Shift_JIS"), "{d}");
    // The first character that is not ASCII, on the line as the clerk sees it.
    let first = text.char_indices().find(|(_, c)| !c.is_ascii()).unwrap().0;
    let (line, column) = at(&text, &text[first..first + 3], 0);
    assert_eq!(
        d.location().unwrap(),
        format!("goals/05.yaml:{line}:{column}")
    );
    assert_eq!(d.source_line.as_deref(), text.lines().nth(line - 1));
}

#[test]
fn a_utf16_file_is_named_too() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in GOAL_HEAD.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let err = load_dataset_from_bytes(
        Path::new("data"),
        vec![
            (PathBuf::from("plan.yaml"), PLAN_YAML.as_bytes().to_vec()),
            (PathBuf::from("goals/05.yaml"), bytes),
        ],
    )
    .unwrap_err();
    let d = the(&err.diagnostics, "UTF-8 で保存してください");
    assert!(d.message.contains("UTF-16"), "{d}");
}

#[test]
fn a_bom_and_crlf_line_ends_are_accepted_silently() {
    let goal = format!(
        "{GOAL_HEAD}    years:\n      - year: 30\n        results: |-\n          一行目\n          二行目\n"
    );
    let crlf = goal.replace('\n', "\r\n");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(crlf.as_bytes());
    let mut plan_bom = b"\xEF\xBB\xBF".to_vec();
    plan_bom.extend(PLAN_YAML.as_bytes());
    let dir = dataset_dir(&[]);
    std::fs::write(dir.path().join("plan.yaml"), &plan_bom).unwrap();
    std::fs::write(dir.path().join("goal.yaml"), &with_bom).unwrap();
    let dataset = load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(dataset.notes.is_empty());
    let coverage = coverage::check(&dataset, &[], &SystemFonts::Off);
    assert!(
        coverage.diagnostics.is_empty(),
        "{}",
        render_all(&coverage.diagnostics)
    );
    assert_eq!(
        dataset.goals[0].years[0].results.plain_text().trim_end(),
        "一行目\n二行目",
        "CRLF read as line breaks, no carriage return kept"
    );
}

#[test]
fn positions_in_a_crlf_file_with_a_bom_are_the_lines_the_clerk_sees() {
    let goal = format!("{GOAL_HEAD}    years:\n      - year: R1\n        evaluation: E\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(goal.replace('\n', "\r\n").as_bytes());
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML)]);
    std::fs::write(dir.path().join("05.yaml"), &bytes).unwrap();
    let err = load_dataset(dir.path()).unwrap_err();
    let d = the(&err.diagnostics, "\"E\" は使えません");
    assert_eq!(
        d.location().unwrap(),
        location(dir.path(), "05.yaml", &goal, "evaluation: ", 12)
    );
    assert_eq!(d.source_line.as_deref(), Some("        evaluation: E"));
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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_input/fonts")
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

// ------------------------------------------------- bombs and deep nesting

/// Loads `text` as the only goal file and expects an error containing
/// `needle`, well within `limit`.
fn refused_quickly(text: &str, needle: &str, limit: Duration) -> Diagnostic {
    let started = Instant::now();
    let err = load_dataset_from_bytes(
        Path::new("data"),
        vec![
            (PathBuf::from("plan.yaml"), PLAN_YAML.as_bytes().to_vec()),
            (PathBuf::from("bomb.yaml"), text.as_bytes().to_vec()),
        ],
    )
    .unwrap_err();
    let took = started.elapsed();
    assert!(took < limit, "took {took:?}");
    let d = the(&err.diagnostics, needle).clone();
    assert_eq!(d.file.as_deref(), Some(Path::new("bomb.yaml")));
    d
}

#[test]
fn a_billion_laughs_ends_in_an_error_at_the_alias_that_overflows() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_input/billion_laughs.yaml"),
    )
    .unwrap();
    let d = refused_quickly(
        &text,
        "エイリアス（*名前）を展開すると大きすぎます",
        Duration::from_secs(2),
    );
    let line = d.position.unwrap().line;
    let source_line = text.lines().nth(line - 1).unwrap();
    assert!(source_line.contains('*'), "points at an alias: {d}");
}

#[test]
fn aliases_inside_a_text_cell_are_bounded_too() {
    // 30 × 30 × 30 × 30 copies of one word, through the text cells.
    let mut lines = String::from("goals:\n  - no: 5\n    content: &w0 [\"lol\"]\n");
    for level in 1..=4 {
        let items = vec![format!("*w{}", level - 1); 30].join(", ");
        let key = ["target", "notes", "direction", "x"][level - 1];
        lines += &format!("    {key}: &w{level} [{items}]\n");
    }
    let d = refused_quickly(
        &lines,
        "エイリアス（*名前）を展開すると大きすぎます",
        Duration::from_secs(2),
    );
    assert!(d.position.is_some(), "{d}");
}

#[test]
fn absurdly_deep_nesting_ends_in_an_error() {
    let flow = format!("goals: {}\n", "[".repeat(100_000));
    refused_quickly(&flow, "入れ子が深すぎます", Duration::from_secs(2));
    let block = format!("goals:\n{}x\n", "- ".repeat(100_000));
    let d = refused_quickly(&block, "入れ子が深すぎます", Duration::from_secs(2));
    assert_eq!(d.position.unwrap().line, 2);
    let mapping: String = (1..400)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    refused_quickly(
        &format!("goals:\n{mapping}"),
        "入れ子が深すぎます",
        Duration::from_secs(2),
    );
}

#[test]
fn too_many_values_and_too_large_files_are_refused() {
    let wide = format!("goals: [{}]\n", vec!["1"; 300_000].join(","));
    refused_quickly(&wide, "値が多すぎます", Duration::from_secs(3));
    let large = format!("# {}\ngoals: []\n", "x".repeat(2 << 20));
    refused_quickly(&large, "ファイルが大きすぎます", Duration::from_secs(1));
}

#[test]
fn the_location_index_stays_bounded_on_hostile_text() {
    // Every value's path repeats its parents' keys: 30 levels of 60-byte
    // keys over 20,000 values would take 40 MB of paths. The index keeps
    // the first 8 MiB and stops recording after that.
    let keys: Vec<String> = (0..30)
        .map(|i| format!("{i:02}{}", "k".repeat(58)))
        .collect();
    let open: String = keys.iter().map(|k| format!("{k}: {{")).collect();
    let text = format!(
        "{open}v: [{}]{}\n",
        vec!["1"; 20_000].join(","),
        "}".repeat(30)
    );
    let started = Instant::now();
    let index = LocationIndex::build(&text);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(index.problem.is_none(), "{:?}", index.problem);
    let path = format!("{}.v", keys.join("."));
    assert!(index.value(&format!("{path}[0]")).is_some());
    assert!(
        index.value(&format!("{path}[19999]")).is_none(),
        "past the budget"
    );
    // A key longer than any dataset key is indexed as `?`.
    let long = format!("{}: [1, 2]\n", "k".repeat(500));
    assert!(LocationIndex::build(&long).value("?[1]").is_some());
}

#[test]
fn more_than_one_document_in_a_file_is_named() {
    let text = format!("{GOAL_HEAD}---\ngoals: []\n");
    let (_, diagnostics) = load_errors(&[("goals/05.yaml", &text)]);
    the(&diagnostics, "文書が二つ以上あります");
}

// ------------------------------------------------------------- check

#[test]
fn check_is_clean_on_the_bundled_dataset() {
    let report = check(&CheckOptions {
        data: bundled_data(),
        year: None,
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
    });
    assert!(report.passes(true), "{}", render_all(&report.diagnostics));
    assert!(report.pages.unwrap() >= 29);
}

/// A paragraph long enough to need a smaller size (`lines` lines of about
/// 60 characters).
fn long_text(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("{i}行目：地域福祉の推進に向けた取組を関係機関と連携して進め、成果と課題を整理しました。"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn check_notes_a_shrunk_sheet_and_warns_of_a_follow_on_page() {
    let shrink = format!(
        "goals:\n  - no: 3\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        results: {}\n        evaluation: B\n",
        serde_json::to_string(&long_text(28)).unwrap()
    );
    let overflow = format!(
        "goals:\n  - no: 4\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        results: 短い\n        challenges: {}\n        evaluation: C\n",
        serde_json::to_string(&long_text(160)).unwrap()
    );
    let dir = dataset_dir(&[
        ("plan.yaml", PLAN_YAML),
        ("goals/03.yaml", &shrink),
        ("goals/04.yaml", &overflow),
    ]);
    let report = check(&CheckOptions {
        data: dir.path().to_owned(),
        year: None,
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
    });
    let note = the(&report.diagnostics, "に縮めました");
    assert_eq!(note.severity, Severity::Note);
    assert_eq!(note.place.to_string(), "実施目標 No.3 / 28 / 内容と成果");
    assert_eq!(
        note.location().unwrap(),
        location(dir.path(), "goals/03.yaml", &shrink, "\"0行目", 0)
    );
    let warning = the(&report.diagnostics, "続きのページが");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.place.to_string(), "実施目標 No.4 / 28 / 課題");
    assert_eq!(
        warning.location().unwrap(),
        location(dir.path(), "goals/04.yaml", &overflow, "\"0行目", 0)
    );
    assert!(report.passes(false));
    assert!(!report.passes(true));
}

#[test]
fn check_refuses_a_year_outside_the_plan() {
    let dir = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", GOAL_HEAD)]);
    let report = check(&CheckOptions {
        data: dir.path().to_owned(),
        year: Some("R5".parse().unwrap()),
        font_dirs: Vec::new(),
        system_fonts: SystemFonts::Off,
    });
    let d = the(&report.diagnostics, "--year の 令和5年度（2023）は計画期間");
    assert!(d.is_error());
    assert!(!report.passes(false));
}

#[test]
fn the_check_command_exits_0_clean_1_on_errors_and_on_warnings_when_strict() {
    let run = |dir: &Path, strict: bool| {
        let mut command = welfare_sheets();
        command
            .args(["check", "--no-system-fonts", "--data"])
            .arg(dir);
        if strict {
            command.arg("--strict");
        }
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let clean = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", GOAL_HEAD)]);
    let (code, stderr) = run(clean.path(), true);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("check: エラー 0 件、警告 0 件"), "{stderr}");

    let bad = format!(
        "{GOAL_HEAD}    years:\n      - year: R1\n        evaluation: E\n      - year: R1\n"
    );
    let broken = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/05.yaml", &bad)]);
    let (code, stderr) = run(broken.path(), false);
    assert_eq!(code, Some(1), "{stderr}");
    // rustc-style: location, the line, the marker under the value, the hint.
    let (line, column) = at(&bad, "evaluation: ", 12);
    let file = broken.path().join("goals/05.yaml");
    assert!(
        stderr.contains(&format!(
            "error: {}:{line}:{column}: 実施目標 No.5 / R1 / 評価: \"E\" は使えません（A・B・C・D のいずれか）\n  |\n{line} |         evaluation: E\n  |                     ^\n  = hint: ",
            file.display()
        )),
        "{stderr}"
    );

    let overflow = format!(
        "goals:\n  - no: 4\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        challenges: {}\n        evaluation: C\n",
        serde_json::to_string(&long_text(160)).unwrap()
    );
    let warned = dataset_dir(&[("plan.yaml", PLAN_YAML), ("goals/04.yaml", &overflow)]);
    let (code, stderr) = run(warned.path(), false);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("warning: "), "{stderr}");
    let (code, _) = run(warned.path(), true);
    assert_eq!(code, Some(1));
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
    let mut world = SheetWorld::new(&[] as &[&Path]);
    let (_, rendered) = layout_packet(&mut world, &dataset, &PacketRequest::default())
        .unwrap_or_else(|e| panic!("{e:#}"));
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

    let mut checked = 0;
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
                checked += 1;
            }
        }
    }
    assert_eq!(checked, MARKUP.len() * FIELDS.len() * 2);
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
    // A real file beside the project that must never be read.
    let secret_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for main in [
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
    ] {
        let error = compile_error(main).unwrap_or_else(|| panic!("{main} compiled"));
        assert!(
            error.contains("is refused") || error.contains("would escape the project root"),
            "{main}: {error}"
        );
        assert!(!error.contains("[package]"), "{main} leaked Cargo.toml");
        assert!(!error.contains("root:x:0:0"), "{main} leaked /etc/passwd");
    }
    assert!(secret_dir.join("Cargo.toml").exists());
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

fn folder_snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
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
    let run = welfare_sheets()
        .args(["sheets", "--no-system-fonts", "--data"])
        .arg(&data)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let before = folder_snapshot(&out);
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
        assert_eq!(folder_snapshot(&out), before, "{bad}");
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
    assert!(stderr.contains("error:"), "{stderr}");
    assert_eq!(
        folder_snapshot(&out),
        before,
        "no partial or temporary file left"
    );
}

#[test]
fn a_failed_build_leaves_every_previous_output_byte_identical() {
    let good = format!(
        "{GOAL_HEAD}    years:\n      - year: 28\n        results: 成果\n        evaluation: B\n"
    );
    let dir = dataset_dir(&[("data/plan.yaml", PLAN_YAML), ("data/goals/05.yaml", &good)]);
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let build = |command: &mut Command| {
        command
            .args(["build", "--no-system-fonts", "--data"])
            .arg(&data)
            .arg("--out-dir")
            .arg(&out)
            .output()
            .unwrap()
    };
    let run = build(&mut welfare_sheets());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let before = folder_snapshot(&out);
    assert!(!before.is_empty());

    std::fs::write(
        data.join("goals/05.yaml"),
        good.replace("year: 28", "year: R9"),
    )
    .unwrap();
    let run = build(&mut welfare_sheets());
    assert!(!run.status.success());
    assert_eq!(folder_snapshot(&out), before);

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
    assert_eq!(folder_snapshot(&out), before);
}

/// Behind the loader's own scan, serde_yaml's limits hold too: its
/// repetition limit stops the alias bomb and its recursion limit (128) the
/// deep nesting, quickly. (The scan stops both earlier; this is the second
/// line of defence.)
#[test]
fn serde_yaml_alone_also_stops_bombs_and_deep_nesting() {
    use welfare_sheets::model::DatasetFile;
    let laughs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_input/billion_laughs.yaml"),
    )
    .unwrap();
    let started = Instant::now();
    let err = serde_yaml::from_str::<serde_yaml::Value>(&laughs).unwrap_err();
    assert!(
        err.to_string().contains("repetition limit exceeded"),
        "{err}"
    );
    // Into the model the untagged text cells hide the reason, not the stop.
    assert!(serde_yaml::from_str::<DatasetFile>(&laughs).is_err());
    assert!(started.elapsed() < Duration::from_secs(2));

    let deep = format!("goals: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let started = Instant::now();
    let err = serde_yaml::from_str::<serde_yaml::Value>(&deep).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
}
