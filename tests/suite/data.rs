//! Stage 1, the data: every kind of mistake a clerk (or a hostile file) can
//! make gets a located message in the clerk's terms, in bounded time and
//! memory; the JSON Schema and the loader agree.
//!
//! Expected locations are computed from the fixture text itself (where the
//! offending token stands), never copied from the program's output.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;
use welfare_sheets::data::diagnostic::{Diagnostic, Severity};
use welfare_sheets::data::load::{load_dataset_from_bytes, load_dataset_from_str};
use welfare_sheets::data::load_dataset;
use welfare_sheets::data::locate::LocationIndex;
use welfare_sheets::data::model::Evaluation;
use welfare_sheets::data::schema::{schema, schema_text};
use welfare_sheets::data::sheet::Sheet;
use welfare_sheets::typeset::coverage::{self, SystemFonts};

// ------------------------------------------------ YAML and the data model

#[test]
fn a_yaml_syntax_error_points_at_the_unclosed_bracket() {
    let goal = "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n    owners: [高齢福祉課\n";
    let (dir, diagnostics) = load_errors(&[("goals/05.yaml", goal)]);
    let d = the(&diagnostics, "YAML の書き方に誤りがあります");
    // The end of the line the bracket was opened on.
    let line = goal.lines().nth(4).unwrap();
    assert_eq!(
        d.location().unwrap(),
        format!(
            "{}:5:{}",
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
    let d = the(&diagnostics, "字下げにタブがあります");
    assert!(d.hint.as_deref().unwrap().contains("タブ"), "{d}");
    assert_eq!(
        d.location().unwrap(),
        format!("{}:4:1", dir.path().join("goals/05.yaml").display()),
        "on the tab itself"
    );
    assert_eq!(d.place.goal, Some(5));
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
    // A full-width letter is read as its half-width twin (with a note),
    // and then refused as that letter.
    for (bad, read) in [
        ("E", "E"),
        ("Ｅ", "E"),
        ("a", "a"),
        ("AB", "AB"),
        ("1", "1"),
    ] {
        let goal = format!("{GOAL_HEAD}    years:\n      - year: R1\n        evaluation: {bad}\n");
        let (dir, diagnostics) = load_errors(&[("goals/05.yaml", &goal)]);
        let d = the(&diagnostics, "は使えません（A・B・C・D のいずれか）");
        assert!(d.message.contains(&format!("\"{read}\"")), "{d}");
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
    for (written, meant) in [("Ａ", "A"), ("Ｂ", "B"), ("\"Ｃ\"", "C"), ("Ｄ", "D")] {
        let goal = format!(
            "{}{GOAL_HEAD}    years:\n      - year: 30\n        evaluation: {written}\n",
            PLAN_YAML
        );
        let dataset = load_dataset_from_str("goals.yaml", &goal).unwrap_or_else(|e| panic!("{e}"));
        let meant = Evaluation::parse(meant);
        assert_eq!(
            dataset.goals[0].years[0]
                .fields
                .letter("evaluation")
                .cloned(),
            Some(meant.clone())
        );
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
const SJIS_FIXTURE: &str = "tests/fixtures/data/shift_jis/goals/05.yaml";

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
        dataset.goals[0].years[0]
            .fields
            .text("results")
            .plain_text()
            .trim_end(),
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

// ------------------------------------------------- bombs and deep nesting

/// Loads `text` as the only goal file and expects an error containing
/// `needle`. (How quickly is measured by `benches/bench.sh`, section
/// `hostile`: speed targets live in the benchmark, not in tests.)
fn refused(text: &str, needle: &str) -> Diagnostic {
    let err = load_dataset_from_bytes(
        Path::new("data"),
        vec![
            (PathBuf::from("plan.yaml"), PLAN_YAML.as_bytes().to_vec()),
            (PathBuf::from("bomb.yaml"), text.as_bytes().to_vec()),
        ],
    )
    .unwrap_err();
    let d = the(&err.diagnostics, needle).clone();
    assert_eq!(d.file.as_deref(), Some(Path::new("bomb.yaml")));
    d
}

#[test]
fn a_billion_laughs_ends_in_an_error_at_the_alias_that_overflows() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/billion_laughs.yaml"),
    )
    .unwrap();
    let d = refused(&text, "エイリアス（*名前）を展開すると大きすぎます");
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
    let d = refused(&lines, "エイリアス（*名前）を展開すると大きすぎます");
    assert!(d.position.is_some(), "{d}");
}

#[test]
fn absurdly_deep_nesting_ends_in_an_error() {
    let flow = format!("goals: {}\n", "[".repeat(100_000));
    refused(&flow, "入れ子が深すぎます");
    let block = format!("goals:\n{}x\n", "- ".repeat(100_000));
    let d = refused(&block, "入れ子が深すぎます");
    assert_eq!(d.position.unwrap().line, 2);
    let mapping: String = (1..400)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    refused(&format!("goals:\n{mapping}"), "入れ子が深すぎます");
}

#[test]
fn too_many_values_and_too_large_files_are_refused() {
    let wide = format!("goals: [{}]\n", vec!["1"; 300_000].join(","));
    refused(&wide, "値が多すぎます");
    let large = format!("# {}\ngoals: []\n", "x".repeat(2 << 20));
    refused(&large, "ファイルが大きすぎます");
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
    let index = LocationIndex::build(&text);
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

/// Behind the loader's own scan, serde_yaml's limits hold too: its
/// repetition limit stops the alias bomb and its recursion limit (128) the
/// deep nesting. (The scan stops both earlier; this is the second line of
/// defence.)
#[test]
fn serde_yaml_alone_also_stops_bombs_and_deep_nesting() {
    let laughs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/billion_laughs.yaml"),
    )
    .unwrap();
    let err = serde_yaml::from_str::<serde_yaml::Value>(&laughs).unwrap_err();
    assert!(
        err.to_string().contains("repetition limit exceeded"),
        "{err}"
    );

    let deep = format!("goals: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let err = serde_yaml::from_str::<serde_yaml::Value>(&deep).unwrap_err();
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
}

// ------------------------------------------------------------- schema

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(root().join("schema.json")).unwrap();
    assert!(
        committed == schema_text(Sheet::default_sheet(), None),
        "schema.json is stale: run `cargo run -- schema > schema.json`"
    );
}

#[test]
fn each_example_carries_the_schema_of_its_own_sheet() {
    for example in ["indicators", "committee"] {
        let dir = root().join("examples").join(example);
        let (code, generated, stderr) = run_in(
            None,
            &["schema".as_ref(), "--data".as_ref(), dir.as_os_str()],
        );
        assert_eq!(code, Some(0), "{stderr}");
        let committed = std::fs::read_to_string(dir.join("schema.json")).unwrap();
        assert!(
            committed == generated,
            "examples/{example}/schema.json is stale: run `cargo run -- schema --data examples/{example} > examples/{example}/schema.json`"
        );
        // The example's own columns are what its editor offers.
        assert_ne!(committed, schema_text(Sheet::default_sheet(), None));
    }
}

/// A YAML value as JSON, as an editor's YAML support sees it (keys as text).
fn to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => serde_json::to_value(n).unwrap(),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        serde_yaml::Value::String(s) => s,
                        other => serde_yaml::to_string(&other).unwrap().trim().to_owned(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

fn data_files() -> Vec<std::path::PathBuf> {
    let mut files = vec![bundled_data().join("plan.yaml")];
    let mut goals: Vec<_> = std::fs::read_dir(bundled_data().join("goals"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    goals.sort();
    files.extend(goals);
    files
}

#[test]
fn every_data_file_names_the_schema_validates_against_it_and_loads() {
    let validator = jsonschema::validator_for(&schema(Sheet::default_sheet(), None)).unwrap();
    let files = data_files();
    assert!(files.len() >= 30);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let relative = file.strip_prefix(root()).unwrap();
        let up = "../".repeat(relative.components().count() - 1);
        assert_eq!(
            text.lines().next(),
            Some(format!("# yaml-language-server: $schema={up}schema.json").as_str()),
            "{}",
            file.display()
        );
        let instance = to_json(serde_yaml::from_str(&text).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
        // The loader reads the same file on its own (beside the plan).
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            bundled_data().join("plan.yaml"),
            dir.path().join("plan.yaml"),
        )
        .unwrap();
        if file.file_name().unwrap() != "plan.yaml" {
            std::fs::copy(file, dir.path().join("goal.yaml")).unwrap();
            load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn the_schema_flags_what_the_loader_refuses() {
    let validator = jsonschema::validator_for(&schema(Sheet::default_sheet(), None)).unwrap();
    for bad in [
        "goals: [{ no: 1, content: a, target: b, years: [{ year: R1, evaluation: '1' }] }]",
        "goals: [{ no: 1, content: a, target: b, evalution: A }]",
        "goals: [{ no: -1, content: a, target: b }]",
        "goals: [{ no: 1, target: b }]",
        "goals: [{ no: 1, content: a, target: b, years: [{ year: X1 }] }]",
        "goals: [{ no: 1, content: a, target: b, plan_code: { basic_goal: XI } }]",
        "goals: [{ no: 1, content: [{ lists: [a] }], target: b }]",
        "plan: { title: t, issuers: [], packet_label: p }",
    ] {
        let instance = to_json(serde_yaml::from_str(bad).unwrap());
        assert!(!validator.is_valid(&instance), "schema accepts {bad}");
        // … and so does the loader.
        let text = format!("{}{bad}\n", PLAN_YAML);
        let text = if bad.starts_with("plan:") {
            bad.to_owned()
        } else {
            text
        };
        assert!(
            welfare_sheets::data::load::load_dataset_from_str("bad.yaml", &text).is_err(),
            "loader accepts {bad}"
        );
    }
}

/// Every field of the format has a title (its sheet label) and a
/// description, so an editor shows both while the clerk types.
#[test]
fn every_field_has_a_label_and_a_description() {
    let schema = schema(Sheet::default_sheet(), None);
    let mut fields = 0;
    let definitions = schema["definitions"].as_object().unwrap();
    let mut objects: Vec<(&str, &Value)> =
        definitions.iter().map(|(k, v)| (k.as_str(), v)).collect();
    objects.push(("(root)", &schema));
    for (name, definition) in objects {
        let Some(properties) = definition.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (key, property) in properties {
            fields += 1;
            let title = property["title"].as_str().unwrap_or_default();
            let description = property["description"].as_str().unwrap_or_default();
            assert!(!title.is_empty(), "{name}.{key} has no title");
            assert!(!description.is_empty(), "{name}.{key} has no description");
            assert!(
                !title.is_ascii(),
                "{name}.{key}: the title is the Japanese label"
            );
        }
    }
    assert!(fields >= 30, "{fields}");
}
