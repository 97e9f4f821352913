//! The JSON Schema of a data file, generated from the model's types, so an
//! editor (VS Code with the YAML extension reads the
//! `# yaml-language-server: $schema=…` line of each data file) completes
//! keys, shows each field's label and description, and flags mistakes while
//! the clerk types. `schema.json` at the repository root is this schema,
//! kept equal to it by a test.
//!
//! Each doc comment in [`crate::data::model`] reads `LABEL — description`: the
//! label becomes the field's `title`, the rest its `description`.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::data::model::DatasetFile;

/// The schema as a JSON value (draft-07, which every YAML editor reads).
pub fn schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let root = generator.into_root_schema_for::<DatasetFile>();
    let mut value = root.to_value();
    split_labels(&mut value, false);
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), "welfare-sheets のデータファイル".into());
        root.insert(
            "description".into(),
            "進行管理シート（資料8）のデータ: 計画 (plan:) と実施目標 (goals:)。plan: はデータセットのどれか一つのファイルにだけ書きます。"
                .into(),
        );
    }
    value
}

/// The schema as the text of `schema.json`: pretty-printed, with a final
/// line break.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// Turns every `description: "LABEL — text"` into `title: LABEL` and
/// `description: text`. In `definitions` (a type's own doc comment, written
/// for programmers) only the label is kept; the fields that use the type
/// carry their own description.
fn split_labels(value: &mut Value, in_definitions: bool) {
    match value {
        Value::Object(object) => {
            split_one(object, in_definitions);
            for (key, child) in object.iter_mut() {
                if key == "definitions" {
                    if let Value::Object(definitions) = child {
                        for definition in definitions.values_mut() {
                            if let Value::Object(object) = definition {
                                split_one(object, true);
                            }
                            split_labels(definition, false);
                        }
                    }
                } else if key != "enum" && key != "const" && key != "default" {
                    split_labels(child, false);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                split_labels(item, false);
            }
        }
        _ => {}
    }
}

fn split_one(object: &mut Map<String, Value>, type_doc: bool) {
    let Some(Value::String(description)) = object.get("description") else {
        return;
    };
    let Some((label, text)) = description.split_once(" — ") else {
        return;
    };
    let (label, text) = (label.trim().to_owned(), text.trim().to_owned());
    object
        .entry("title")
        .or_insert_with(|| Value::String(label));
    if type_doc {
        object.remove("description");
    } else {
        object.insert("description".into(), Value::String(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_titles() {
        let schema = schema();
        let evaluation = &schema["definitions"]["YearEntry"]["properties"]["evaluation"];
        assert_eq!(evaluation["title"], "評価");
        assert!(
            evaluation["description"]
                .as_str()
                .unwrap()
                .contains("A・B・C・D"),
            "{evaluation}"
        );
    }
}
