//! One file's text into the model: YAML syntax and serde's type errors
//! turned into located diagnostics in the clerk's words.
//!
//! A goal's keys depend on the sheet, so the sheet is read first (from the
//! file that declares it, else the default) and the files are then read
//! with it: each declared field is read as its kind while serde_yaml still
//! knows where it stands, so a problem deep inside a field is pointed at.
//!
//! Hostile or broken files cost bounded work: the [`LocationIndex`] scan
//! that runs before serde_yaml stops at nesting deeper than
//! [`locate::MAX_DEPTH`] and at aliases that expand past
//! [`locate::MAX_EXPANDED_NODES`] nodes, and such a file never reaches serde.
//!
//! [`LocationIndex`]: crate::data::locate::LocationIndex

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::data::dataset::SourceFile;
use crate::data::diagnostic::Diagnostic;
use crate::data::locate::{self, Position, ScanProblem};
use crate::data::model::{
    DatasetFile, Evaluation, Goal, Indicator, Judged, Number, Plan, PlanCode, Programmes, RichText,
    Schedule, Value, YearEntry,
};
use crate::data::place::{Labels, point_at};
use crate::data::sheet::{Field, GOAL_KEYS, Kind, Sheet, YEAR_KEY};
use crate::messages;

/// Whether a file holds something to read, or is empty (comments only).
fn has_content(source: &SourceFile) -> bool {
    source.text.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#') && line != "---" && line != "..."
    })
}

/// A diagnostic for a file whose scan stopped early (broken or hostile).
fn scan_problem(source: &SourceFile) -> Option<Diagnostic> {
    let problem = source.index.problem.as_ref()?;
    let (at, message, hint) = match problem {
        ScanProblem::Syntax { at, message } if !message.contains("recursion limit") => {
            let (message, hint) = messages::yaml_syntax(message);
            (syntax_position(&source.text, *at), message, Some(hint))
        }
        // yaml-rust2's own limit on nested brackets, which its scanner
        // may meet before the index meets ours.
        ScanProblem::Syntax { at, .. } | ScanProblem::TooDeep { at } => (
            *at,
            messages::nesting_too_deep(locate::MAX_DEPTH),
            Some(messages::nesting_too_deep_hint().to_owned()),
        ),
        ScanProblem::TooManyNodes { at, aliases: true } => (
            *at,
            messages::aliases_too_large(locate::MAX_EXPANDED_NODES),
            Some(messages::no_aliases_hint().to_owned()),
        ),
        ScanProblem::TooManyNodes { at, aliases: false } => (
            *at,
            messages::too_many_values(locate::MAX_EXPANDED_NODES),
            Some(messages::too_many_values_hint().to_owned()),
        ),
    };
    let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
    diagnostic.hint = hint;
    diagnostic.position = Some(at);
    diagnostic.source_line = source.line(at.line).map(str::to_owned);
    Some(diagnostic)
}

/// The `sheet:` section of a file, if it has one. Only this section is
/// read (the rest of the file is read once the sheet is known).
pub(super) fn parse_sheet(source: &SourceFile) -> Result<Option<Sheet>, Vec<Diagnostic>> {
    #[derive(Deserialize)]
    struct SheetSection {
        #[serde(default)]
        sheet: Option<Sheet>,
    }
    if source.index.key("sheet").is_none() || !has_content(source) {
        return Ok(None);
    }
    if let Some(problem) = scan_problem(source) {
        return Err(vec![problem]);
    }
    let labels = Labels::new(Sheet::default_sheet());
    serde_yaml::from_str::<SheetSection>(&source.text)
        .map(|section| section.sheet)
        .map_err(|err| vec![translate(source, &err, labels)])
}

/// Parses one file with the dataset's sheet; a syntax or type problem
/// becomes a located diagnostic.
pub(super) fn parse_source(
    source: &SourceFile,
    sheet: &Sheet,
) -> Result<DatasetFile, Vec<Diagnostic>> {
    if !has_content(source) {
        return Err(vec![
            Diagnostic::error(messages::file_empty())
                .in_file(&source.path)
                .with_hint(messages::file_empty_hint()),
        ]);
    }
    // The scan that built the index stopped early: the file is broken or
    // hostile, and serde_yaml is not given it.
    if let Some(problem) = scan_problem(source) {
        return Err(vec![problem]);
    }
    let labels = Labels::new(sheet);
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    FileSeed { sheet }
        .deserialize(deserializer)
        .map_err(|err| vec![translate(source, &err, labels)])
}

/// What was read on the clerk's behalf: a note at each full-width or
/// lower-case letter read as the scale's, each number written with
/// separators, full-width digits or its unit.
pub(super) fn reading_notes(
    source: &SourceFile,
    contents: &DatasetFile,
    sheet: &Sheet,
) -> Vec<Diagnostic> {
    let labels = Labels::new(sheet);
    let mut notes = Vec::new();
    let written_at = |path: &str| -> Option<(Position, String)> {
        let at = source.index.value(path)?;
        let line = source.line(at.line)?;
        let rest: String = line.chars().skip(at.column - 1).collect();
        // A quoted value up to its closing quote; a plain one up to where a
        // flow collection or a comment goes on.
        let token = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or_default(),
            _ => rest.split([',', '}', ']', '#']).next().unwrap_or_default(),
        }
        .trim()
        .to_owned();
        Some((at, token))
    };
    let mut note = |path: &str, at: Position, message: String, hint: Option<String>| {
        let mut diagnostic = Diagnostic::note(message).in_file(&source.path);
        diagnostic.hint = hint;
        diagnostic.position = Some(at);
        diagnostic.source_line = source.line(at.line).map(str::to_owned);
        diagnostic.place = crate::data::place::sheet_place(source, path, labels);
        notes.push(diagnostic);
    };
    for (g, goal) in contents.goals.iter().enumerate() {
        let mut fields: Vec<(String, &Field, &Value)> = Vec::new();
        for (key, value) in goal.fields.iter() {
            if let Some(field) = sheet.goal_field(key) {
                fields.push((format!("goals[{g}].{key}"), field, value));
            }
        }
        for (y, entry) in goal.years.iter().enumerate() {
            for (key, value) in entry.fields.iter() {
                if let Some(field) = sheet.column(key) {
                    fields.push((format!("goals[{g}].years[{y}].{key}"), field, value));
                }
            }
        }
        for (i, indicator) in goal.indicators.iter().enumerate() {
            let numbers = indicator
                .baseline
                .iter()
                .map(|b| {
                    (
                        format!("goals[{g}].indicators[{i}].baseline.value"),
                        b.value,
                    )
                })
                .chain(indicator.target.iter().map(|(year, n)| {
                    (
                        format!("goals[{g}].indicators[{i}].target.{}", year.row_label()),
                        *n,
                    )
                }))
                .chain(indicator.actual.iter().map(|(year, n)| {
                    (
                        format!("goals[{g}].indicators[{i}].actual.{}", year.row_label()),
                        *n,
                    )
                }));
            for (path, number) in numbers {
                // Maps of years are indexed by the key as written: a year
                // written otherwise than its row label is not found here.
                if let Some((at, written)) = written_at(&path)
                    && number_needs_note(&written)
                {
                    note(
                        &path,
                        at,
                        messages::number_read_as(&written, &number.display(None)),
                        None,
                    );
                }
            }
        }
        for (path, field, value) in fields {
            let Some((at, written)) = written_at(&path) else {
                continue;
            };
            match value {
                Value::Letter(letter) if written != letter.letter() && !written.is_empty() => note(
                    &path,
                    at,
                    messages::full_width_letter(&written, letter.letter()),
                    Some(messages::full_width_letter_hint(letter.letter())),
                ),
                Value::Number(number) if number_needs_note(&written) => note(
                    &path,
                    at,
                    messages::number_read_as(&written, &number.display(field.decimals)),
                    None,
                ),
                _ => {}
            }
        }
        if let Some(at) = source.index.value(&format!("goals[{g}].owners")) {
            let split: Vec<&String> = goal.owners.iter().collect();
            let line = source.line(at.line).unwrap_or_default();
            let written: String = line.chars().skip(at.column - 1).collect();
            if written.contains(['、', '，']) || !written.trim_start().starts_with(['[', '-']) {
                let names: Vec<&str> = split.iter().map(|s| s.as_str()).collect();
                if names.len() > 1 || !written.trim_start().starts_with(['[', '-']) {
                    note(
                        &format!("goals[{g}].owners"),
                        at,
                        messages::owners_read_as(&names),
                        None,
                    );
                }
            }
        }
    }
    notes
}

/// Whether a number was written other than as YAML writes one: with a
/// separator, full-width digits or a unit.
fn number_needs_note(written: &str) -> bool {
    !written.is_empty()
        && !written
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
}

/// The keys of a mapping in the order of their declaration, as a message
/// lists them.
fn key_list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_key<E: de::Error>(key: &str, expected: &[&str]) -> E {
    E::custom(format!(
        "unknown field `{key}`, expected one of {}",
        key_list(expected)
    ))
}

fn twice<E: de::Error>(key: &str) -> E {
    E::custom(format!("duplicate field `{key}`"))
}

/// Reads a whole data file.
struct FileSeed<'a> {
    sheet: &'a Sheet,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = DatasetFile;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<DatasetFile, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = DatasetFile;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct DatasetFile")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DatasetFile, A::Error> {
        let mut file = DatasetFile::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(twice(&key));
            }
            match key.as_str() {
                "plan" => file.plan = Some(map.next_value::<Plan>()?),
                // Read already, from this file, by `parse_sheet`.
                "sheet" => file.sheet = Some(map.next_value()?),
                "goals" => {
                    file.goals = map.next_value_seed(GoalsSeed { sheet: self.sheet })?;
                }
                _ => return Err(unknown_key(&key, &["plan", "sheet", "goals"])),
            }
            seen.push(key);
        }
        Ok(file)
    }
}

struct GoalsSeed<'a> {
    sheet: &'a Sheet,
}

impl<'de> DeserializeSeed<'de> for GoalsSeed<'_> {
    type Value = Vec<Goal>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<Goal>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for GoalsSeed<'_> {
    type Value = Vec<Goal>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<Goal>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Goal>, A::Error> {
        let mut goals = Vec::new();
        while let Some(goal) = seq.next_element_seed(GoalSeed { sheet: self.sheet })? {
            goals.push(goal);
        }
        Ok(goals)
    }
}

struct GoalSeed<'a> {
    sheet: &'a Sheet,
}

impl<'de> DeserializeSeed<'de> for GoalSeed<'_> {
    type Value = Goal;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Goal, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GoalSeed<'_> {
    type Value = Goal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Goal")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Goal, A::Error> {
        let mut no = None;
        let mut goal = Goal {
            no: 0,
            plan_code: PlanCode::default(),
            owners: Vec::new(),
            indicators: Vec::new(),
            years: Vec::new(),
            fields: Default::default(),
        };
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(twice(&key));
            }
            match key.as_str() {
                "no" => no = Some(map.next_value::<u32>()?),
                "plan_code" => goal.plan_code = map.next_value()?,
                "owners" => goal.owners = map.next_value::<Owners>()?.0,
                "indicators" => goal.indicators = map.next_value::<Vec<Indicator>>()?,
                "years" => goal.years = map.next_value_seed(YearsSeed { sheet: self.sheet })?,
                _ => match self.sheet.goal_field(&key) {
                    Some(field) if field.kind != Kind::Owners => {
                        let value = map.next_value_seed(ValueSeed { field })?;
                        if let Some(value) = value {
                            goal.fields.set(&key, value);
                        }
                    }
                    _ => {
                        let mut expected: Vec<&str> = GOAL_KEYS.to_vec();
                        expected.extend(
                            self.sheet
                                .fields
                                .iter()
                                .filter(|f| f.kind != Kind::Owners)
                                .map(|f| f.key.as_str()),
                        );
                        return Err(unknown_key(&key, &expected));
                    }
                },
            }
            seen.push(key);
        }
        goal.no = no.ok_or_else(|| de::Error::missing_field("no"))?;
        // A goal field the sheet asks for must be written.
        if let Some(field) = self
            .sheet
            .fields
            .iter()
            .find(|f| f.asked && f.kind != Kind::Owners && !seen.contains(&f.key))
        {
            return Err(de::Error::custom(format!("missing field `{}`", field.key)));
        }
        Ok(goal)
    }
}

struct YearsSeed<'a> {
    sheet: &'a Sheet,
}

impl<'de> DeserializeSeed<'de> for YearsSeed<'_> {
    type Value = Vec<YearEntry>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Vec<YearEntry>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for YearsSeed<'_> {
    type Value = Vec<YearEntry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<YearEntry>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<YearEntry>, A::Error> {
        let mut years = Vec::new();
        while let Some(entry) = seq.next_element_seed(YearSeed { sheet: self.sheet })? {
            years.push(entry);
        }
        Ok(years)
    }
}

struct YearSeed<'a> {
    sheet: &'a Sheet,
}

impl<'de> DeserializeSeed<'de> for YearSeed<'_> {
    type Value = YearEntry;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<YearEntry, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for YearSeed<'_> {
    type Value = YearEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct YearEntry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YearEntry, A::Error> {
        let mut year = None;
        let mut fields = crate::data::model::Fields::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(twice(&key));
            }
            if key == YEAR_KEY {
                year = Some(map.next_value()?);
            } else {
                match self.sheet.column(&key) {
                    Some(field) => {
                        if let Some(value) = map.next_value_seed(ValueSeed { field })? {
                            fields.set(&key, value);
                        }
                    }
                    None => {
                        let mut expected = vec![YEAR_KEY];
                        expected.extend(
                            self.sheet
                                .years
                                .columns
                                .iter()
                                .filter(|c| c.kind != Kind::Rate)
                                .map(|c| c.key.as_str()),
                        );
                        return Err(unknown_key(&key, &expected));
                    }
                }
            }
            seen.push(key);
        }
        let year = year.ok_or_else(|| de::Error::missing_field("year"))?;
        Ok(YearEntry { year, fields })
    }
}

/// Reads a declared field as its kind; an empty value (`~`, nothing) is
/// no value.
struct ValueSeed<'a> {
    field: &'a Field,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Value>, D::Error> {
        let field = self.field;
        Ok(match field.kind {
            Kind::Text => match RichText::deserialize(deserializer)? {
                RichText::Empty => None,
                text => Some(Value::Text(text)),
            },
            Kind::Grade => Option::<Evaluation>::deserialize(deserializer)?.map(Value::Letter),
            Kind::Number => deserializer
                .deserialize_any(NumberSeed {
                    unit: field.unit.as_deref(),
                })?
                .map(Value::Number),
            Kind::Choice => Option::<String>::deserialize(deserializer)?
                .filter(|c| !c.trim().is_empty())
                .map(Value::Choice),
            Kind::Derived => Option::<Judged>::deserialize(deserializer)?.map(Value::Judged),
            Kind::Schedule => Some(Value::Schedule(Schedule::deserialize(deserializer)?)),
            Kind::Programmes => Some(Value::Programmes(Programmes::deserialize(deserializer)?)),
            Kind::Rate => {
                IgnoredAny::deserialize(deserializer)?;
                return Err(de::Error::custom(messages::rate_is_computed(&field.label)));
            }
            Kind::Owners => None,
        })
    }
}

/// A number of a field with `unit`, which may be written after it.
struct NumberSeed<'a> {
    unit: Option<&'a str>,
}

impl<'de> Visitor<'de> for NumberSeed<'_> {
    type Value = Option<Number>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Number>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Number>, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<Number>, E> {
        Ok(Some(Number {
            value: n as f64,
            decimals: 0,
        }))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<Number>, E> {
        Ok(Some(Number {
            value: n as f64,
            decimals: 0,
        }))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<Number>, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<Number>, E> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        Number::parse(text, self.unit)
            .map(Some)
            .ok_or_else(|| E::custom(messages::not_a_number(text)))
    }
}

/// 担当: a list of sections, or one string; a name written with 、 between
/// sections (`高齢福祉課、社会福祉課`, a Japanese list inside one YAML item)
/// is read as those sections.
struct Owners(Vec<String>);

impl<'de> Deserialize<'de> for Owners {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Owners, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Many(Vec<String>),
        }
        let names = match Option::<Written>::deserialize(deserializer)
            .map_err(|_| de::Error::custom(messages::owners_unreadable()))?
        {
            None => Vec::new(),
            Some(Written::One(name)) => vec![name],
            Some(Written::Many(names)) => names,
        };
        Ok(Owners(
            names
                .iter()
                .flat_map(|name| name.split(['、', '，']))
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty() || names.len() == 1)
                .collect(),
        ))
    }
}

/// Turns a serde_yaml error into a diagnostic in the clerk's terms.
fn translate(source: &SourceFile, err: &serde_yaml::Error, labels: Labels) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml prints "path: message at line L column C".
    let without_mark = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full[..],
    };
    let (path, message) = match without_mark.split_once(": ") {
        Some((path, message)) if looks_like_path(path) => (path.to_owned(), message.to_owned()),
        _ => (".".to_owned(), without_mark.to_owned()),
    };
    let (message, hint) = explain(&message, &path, labels);
    let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
    diagnostic.hint = hint;
    // A key unknown or written twice: point at the key itself (serde_yaml's
    // mark is where the mapping stood when the visitor refused it).
    let key = ["unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| full.split_once(prefix))
        .and_then(|(_, rest)| rest.split('`').next());
    let key_path = key.map(|key| {
        if path == "." {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    });
    diagnostic.position = key_path
        .as_deref()
        .and_then(|p| source.index.key(p))
        .or_else(|| {
            err.location().map(|location| Position {
                line: location.line(),
                column: location.column(),
            })
        });
    point_at(&mut diagnostic, source, &path, key.is_some(), labels);
    diagnostic
}

fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]?".contains(c))
}

/// Where to point for a syntax error found at `at`: a parser notices an
/// unclosed bracket or quote only at the end of the file or on a blank line,
/// so such a position moves back to the end of the last line written.
fn syntax_position(text: &str, at: Position) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |n: usize| {
        lines
            .get(n.wrapping_sub(1))
            .is_none_or(|l| l.trim().is_empty())
    };
    if !blank(at.line) {
        return at;
    }
    let mut line = at.line.min(lines.len() + 1);
    while line > 1 && blank(line) {
        line -= 1;
    }
    match lines.get(line - 1) {
        Some(text) if !text.trim().is_empty() => Position {
            line,
            column: text.trim_end().chars().count() + 1,
        },
        _ => at,
    }
}

/// Whether the keys at `path` are a goal's (`Some(false)`), a yearly row's
/// (`Some(true)`), or something else's.
fn row_of(path: &str) -> Option<bool> {
    let last = path.rsplit('.').next().unwrap_or(path);
    if last.starts_with("years[") {
        Some(true)
    } else if last.starts_with("goals[") {
        Some(false)
    } else {
        None
    }
}

/// Rewords serde's English for the people who edit the data: the message
/// and the hint. serde's words are read, never shown.
fn explain(message: &str, path: &str, labels: Labels) -> (String, Option<String>) {
    // serde names the mapping a key is unknown or missing in.
    let parent = || if path == "." { "" } else { path };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| !c.is_empty())
            .collect();
        // A Japanese label written as the key: say its YAML name.
        if let Some(key) = labels
            .key_for_label(name, row_of(parent()))
            .filter(|key| candidates.is_empty() || candidates.contains(&key.as_str()))
        {
            return (
                messages::unknown_key(name),
                Some(messages::label_is_written_as(name, &key)),
            );
        }
        let suggestion = candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(name, c), *c))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        let hint = match suggestion {
            Some((_, best)) => {
                let label = labels.of_key(parent(), best, false);
                messages::did_you_mean(best, label.as_deref())
            }
            None if candidates.is_empty() => messages::no_keys_here().to_owned(),
            None => messages::keys_allowed(&candidates),
        };
        return (messages::unknown_key(name), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return (
            messages::key_twice(name),
            Some(messages::key_twice_hint().into()),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let here = if path == "." {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        let label = labels.field(&here, false);
        return (
            messages::missing_key(name, label.as_deref()),
            Some(messages::add_key_hint(name)),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or(rest);
        let expected: Vec<&str> = rest
            .split('`')
            .skip(2)
            .step_by(2)
            .filter(|c| !c.is_empty())
            .collect();
        return (
            messages::value_not_allowed(value),
            (!expected.is_empty()).then(|| messages::values_allowed(&expected)),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum RichText")
        || message.starts_with("data did not match any variant of untagged enum Block")
    {
        return (
            messages::text_shape_unreadable().into(),
            Some(messages::text_shape_hint().into()),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum SubMeasure") {
        return (
            messages::sub_measure_unreadable().into(),
            Some(messages::sub_measure_hint().into()),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let hint = expected
                .starts_with("struct DatasetFile")
                .then(|| messages::file_starts_hint().to_owned());
            return (messages::wrong_kind(expected, found), hint);
        }
        return (messages::wrong_kind_unknown().into(), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (messages::invalid_value(found, expected), None);
    }
    if message.contains("more than one document") {
        return (
            messages::several_documents().into(),
            Some(messages::several_documents_hint().into()),
        );
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit") {
        return (
            messages::expansion_too_large().into(),
            Some(messages::no_aliases_hint().into()),
        );
    }
    // Our own types' errors (a year, a date, a number) are already in the
    // clerk's words.
    if !message.is_ascii() {
        return (message.to_owned(), None);
    }
    (
        messages::value_unreadable().into(),
        Some(messages::value_unreadable_hint().into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_nearest_one() {
        let labels = Labels::new(Sheet::default_sheet());
        let (message, hint) = explain(
            "unknown field `evalution`, expected one of `year`, `activities`, `evaluation`",
            "goals[0].years[0]",
            labels,
        );
        assert!(message.contains("evalution"), "{message}");
        assert_eq!(
            hint.as_deref(),
            Some("もしかして「evaluation」（評価）ですか？")
        );
    }

    #[test]
    fn a_label_written_as_a_key_is_given_its_yaml_name() {
        let labels = Labels::new(Sheet::default_sheet());
        let (_, hint) = explain(
            "unknown field `評価`, expected one of `year`, `activities`, `evaluation`",
            "goals[0].years[0]",
            labels,
        );
        assert_eq!(hint.as_deref(), Some("評価 は evaluation と書きます"));
    }
}
