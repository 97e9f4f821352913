//! The JSON Schema of a data file, generated from the model's types, so an
//! editor (VS Code with the YAML extension reads the
//! `# yaml-language-server: $schema=…` line of each data file) completes
//! keys, shows each field's label and description, and flags mistakes while
//! the clerk types. `schema.json` at the repository root is this schema,
//! kept equal to it by a test.
//!
//! Each doc comment in [`crate::data::model`] reads `LABEL — description`: the
//! label becomes the field's `title`, the rest its `description`. The fields
//! a sheet declares come from its declaration ([`crate::data::sheet`]): the
//! schema of a dataset is the schema of its sheet, and `schema.json` at the
//! root is that of the default sheet.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::data::model::{
    DatasetFile, Evaluation, Judged, Number, Plan, Programmes, RichText, Schedule,
};
use crate::data::scale::Scale;
use crate::data::sheet::{Field, Kind, Sheet};

/// The schema of the keys every dataset has, whatever its sheet: the model's
/// types with their labels as titles (what messages name fields by).
pub fn static_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut generator = SchemaSettings::draft07().into_generator();
        // The types a declared field may hold, so that their definitions
        // are there for the fields to refer to.
        generator.subschema_for::<RichText>();
        generator.subschema_for::<Schedule>();
        generator.subschema_for::<Programmes>();
        generator.subschema_for::<Judged>();
        generator.subschema_for::<Number>();
        let root = generator.into_root_schema_for::<DatasetFile>();
        let mut value = root.to_value();
        split_labels(&mut value, false);
        value
    })
}

/// The schema of the data files of a dataset whose sheet is `sheet` and
/// whose plan is `plan` (its scale is the letters a grade may be; `None`
/// for a plan on A–D), as a JSON value (draft-07, which every YAML editor
/// reads).
pub fn schema(sheet: &Sheet, plan: Option<&Plan>) -> Value {
    let plan_letters: Vec<String> = match plan {
        Some(plan) => Scale::of(plan)
            .letters()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        None => Evaluation::DEFAULT_LETTERS
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
    };
    let mut value = static_schema().clone();
    let definitions = &mut value["definitions"];
    for field in &sheet.fields {
        if field.kind != Kind::Owners {
            definitions["Goal"]["properties"][&field.key] = field_schema(field, &plan_letters);
        }
    }
    let required = sheet
        .fields
        .iter()
        .filter(|f| f.asked && f.kind != Kind::Owners)
        .map(|f| Value::from(f.key.clone()));
    if let Some(list) = definitions["Goal"]["required"].as_array_mut() {
        list.extend(required);
    }
    for column in &sheet.years.columns {
        if column.kind != Kind::Rate {
            definitions["YearEntry"]["properties"][&column.key] =
                field_schema(column, &plan_letters);
        }
    }
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), "welfare-sheets のデータファイル".into());
        root.insert(
            "description".into(),
            "進行管理シート（資料8）のデータ: 計画 (plan:)、様式 (sheet:) と実施目標 (goals:)。plan: と sheet: はデータセットのどれか一つのファイルにだけ書きます。"
                .into(),
        );
    }
    value
}

/// The letters a grade may be written as: each letter of the scale, and
/// its full-width twin that input methods type (read as the letter).
fn written_letters(letters: &[String]) -> Vec<String> {
    let mut written: Vec<String> = letters.to_vec();
    for letter in letters {
        let wide: String = letter
            .chars()
            .map(|c| match c {
                'A'..='Z' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect();
        if !written.contains(&wide) {
            written.push(wide);
        }
    }
    written
}

/// A declared field's schema: its label and description, and what its
/// kind accepts (`plan_letters` for a grade on the plan's scale).
fn field_schema(field: &Field, plan_letters: &[String]) -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/definitions/{name}") });
    let letters = |field: &Field| -> Vec<String> {
        field
            .scale
            .iter()
            .map(|g| g.letter.letter().to_owned())
            .collect()
    };
    let mut schema = match field.kind {
        Kind::Text => reference("RichText"),
        Kind::Schedule => reference("Schedule"),
        Kind::Programmes => reference("Programmes"),
        Kind::Number => reference("Number"),
        Kind::Derived => reference("Judged"),
        Kind::Choice => json!({ "type": "string", "enum": field.choices }),
        Kind::Grade if !field.scale.is_empty() => {
            json!({ "type": "string", "enum": written_letters(&letters(field)) })
        }
        Kind::Grade => json!({ "type": "string", "enum": written_letters(plan_letters) }),
        Kind::Rate | Kind::Owners => reference("Evaluation"),
    };
    schema["title"] = field.label.clone().into();
    if let Some(description) = &field.description {
        schema["description"] = description.clone().into();
    }
    schema
}

/// The schema of a dataset as the text of a `schema.json`: pretty-printed,
/// with a final line break.
pub fn schema_text(sheet: &Sheet, plan: Option<&Plan>) -> String {
    let mut text =
        serde_json::to_string_pretty(&schema(sheet, plan)).expect("a JSON value serialises");
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
        let schema = schema(Sheet::default_sheet(), None);
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
