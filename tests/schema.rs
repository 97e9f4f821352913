//! The JSON Schema and the loader agree: `schema.json` is what the types
//! generate, every data file names it and validates against it, and loads.

mod common;

use common::{bundled_data, root};
use serde_json::Value;
use welfare_sheets::load::load_dataset;
use welfare_sheets::schema::{schema, schema_text};

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(root().join("schema.json")).unwrap();
    assert!(
        committed == schema_text(),
        "schema.json is stale: run `cargo run -- schema > schema.json`"
    );
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
    let validator = jsonschema::validator_for(&schema()).unwrap();
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
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for bad in [
        "goals: [{ no: 1, content: a, target: b, years: [{ year: R1, evaluation: E }] }]",
        "goals: [{ no: 1, content: a, target: b, evalution: A }]",
        "goals: [{ no: -1, content: a, target: b }]",
        "goals: [{ no: 1, target: b }]",
        "goals: [{ no: 1, content: a, target: b, years: [{ year: X1 }] }]",
        "goals: [{ no: 1, content: a, target: b, plan_code: { basic_goal: IV } }]",
        "goals: [{ no: 1, content: [{ lists: [a] }], target: b }]",
        "plan: { title: t, issuers: [], packet_label: p }",
    ] {
        let instance = to_json(serde_yaml::from_str(bad).unwrap());
        assert!(!validator.is_valid(&instance), "schema accepts {bad}");
        // … and so does the loader.
        let text = format!("{}{bad}\n", common::PLAN_YAML);
        let text = if bad.starts_with("plan:") {
            bad.to_owned()
        } else {
            text
        };
        assert!(
            welfare_sheets::load::load_dataset_from_str("bad.yaml", &text).is_err(),
            "loader accepts {bad}"
        );
    }
}

/// Every field of the format has a title (its sheet label) and a
/// description, so an editor shows both while the clerk types.
#[test]
fn every_field_has_a_label_and_a_description() {
    let schema = schema();
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
