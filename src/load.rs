//! Reading a dataset: one YAML file or a folder of them, into the model.
//!
//! Every problem is collected, not just the first; each one names its file,
//! line and column, and the goal, year and field as the sheet labels them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, LoadError, SheetPlace};
use crate::locate::{LocationIndex, Position};
use crate::model::{DatasetFile, Goal, Plan, field_label};
use crate::validate;

/// One file of the dataset as it was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Where a goal was written: which file, and its index in that file's `goals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalOrigin {
    pub file: usize,
    pub index: usize,
}

/// A whole, valid dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub plan: Plan,
    /// Ordered by `no`.
    pub goals: Vec<Goal>,
    /// Parallel to `goals`.
    pub origins: Vec<GoalOrigin>,
    pub sources: Vec<SourceFile>,
}

impl Dataset {
    /// A diagnostic pointing at `path` (serde_yaml's notation, relative to
    /// the goal) inside goal number `goal_index`'s file.
    pub fn locate(&self, goal_index: usize, relative_path: &str) -> Diagnostic {
        let origin = self.origins[goal_index];
        let source = &self.sources[origin.file];
        let full = if relative_path.is_empty() {
            format!("goals[{}]", origin.index)
        } else {
            format!("goals[{}].{relative_path}", origin.index)
        };
        let mut diagnostic = Diagnostic::error(String::new()).in_file(&source.path);
        locate_in(&mut diagnostic, source, &full, false);
        diagnostic
    }
}

/// Reads and validates the dataset at `path` (a YAML file or a folder).
pub fn load_dataset(path: &Path) -> Result<Dataset, LoadError> {
    let files = dataset_files(path)?;
    let mut sources = Vec::new();
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match read_source(&file) {
            Ok(source) => {
                match parse_source(&source) {
                    Ok(contents) => parsed.push((sources.len(), contents)),
                    Err(err) => problems.extend(err.diagnostics),
                }
                sources.push(source);
            }
            Err(err) => problems.extend(err.diagnostics),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }

    let mut plan: Option<(Plan, usize)> = None;
    let mut goals = Vec::new();
    for (file, contents) in parsed {
        if let Some(p) = contents.plan {
            match &plan {
                Some((_, first)) => problems.push(
                    Diagnostic::error(format!(
                        "計画 (plan) が二つのファイルにあります（もう一つは {}）",
                        sources[*first].path.display()
                    ))
                    .in_file(&sources[file].path)
                    .with_hint("plan: はデータセットの一つのファイルにだけ書いてください"),
                ),
                None => plan = Some((p, file)),
            }
        }
        for (index, goal) in contents.goals.into_iter().enumerate() {
            goals.push((goal, GoalOrigin { file, index }));
        }
    }
    let Some((plan, plan_file)) = plan else {
        problems.push(
            Diagnostic::error("計画 (plan) がどのファイルにもありません")
                .in_file(path)
                .with_hint("plan: に計画名・策定者・資料番号・計画期間を書いてください"),
        );
        return Err(LoadError {
            diagnostics: problems,
        });
    };
    if goals.is_empty() {
        problems.push(
            Diagnostic::error("実施目標 (goals) が一つもありません")
                .in_file(path)
                .with_hint("goals: の下に実施目標を一つ以上書いてください"),
        );
    }
    goals.sort_by_key(|(goal, _)| goal.no);
    let (goals, origins): (Vec<Goal>, Vec<GoalOrigin>) = goals.into_iter().unzip();

    for finding in validate::validate(&plan, &goals) {
        let mut diagnostic = Diagnostic::error(finding.message);
        diagnostic.hint = finding.hint;
        let (file, full_path) = match finding.goal_index {
            Some(i) => {
                let origin = origins[i];
                let path = match finding.path.as_str() {
                    "" => format!("goals[{}]", origin.index),
                    p => format!("goals[{}].{p}", origin.index),
                };
                (origin.file, path)
            }
            None => (plan_file, format!("plan.{}", finding.path)),
        };
        let source = &sources[file];
        diagnostic.file = Some(source.path.clone());
        locate_in(&mut diagnostic, source, &full_path, false);
        problems.push(diagnostic);
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    Ok(Dataset {
        plan,
        goals,
        origins,
        sources,
    })
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The dataset's files in a stable order: the path itself, or every YAML
/// file below a folder (hidden entries skipped), sorted by path.
fn dataset_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let metadata = fs::metadata(path).map_err(|err| {
        Diagnostic::error(format!("データが読めません ({err})"))
            .in_file(path)
            .with_hint("--data に YAML ファイルかそのフォルダを指定してください")
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(|err| {
            Diagnostic::error(format!("フォルダが読めません ({err})")).in_file(&dir)
        })?;
        for entry in entries.flatten() {
            let entry_path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if entry_path.is_dir() {
                pending.push(entry_path);
            } else if is_yaml(&entry_path) {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(
            Diagnostic::error("YAML ファイル (.yaml / .yml) がありません")
                .in_file(path)
                .into(),
        );
    }
    Ok(files)
}

/// Reads a file as UTF-8 text; a BOM is dropped, a file in another encoding
/// is refused with a plain hint (Excel and Notepad often save Shift_JIS).
pub fn read_source(path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = fs::read(path).map_err(|err| {
        LoadError::from(Diagnostic::error(format!("ファイルが読めません ({err})")).in_file(path))
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8(bytes.to_vec()).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        LoadError::from(Diagnostic {
            position: Some(Position { line, column: 1 }),
            ..Diagnostic::error("UTF-8 ではない文字コードで保存されています（Shift_JIS など）")
                .in_file(path)
                .with_hint("エディタで「UTF-8」を選んで保存し直してください")
        })
    })?;
    Ok(SourceFile {
        path: path.to_owned(),
        text,
    })
}

/// Parses one file; a syntax or type problem becomes a located diagnostic.
fn parse_source(source: &SourceFile) -> Result<DatasetFile, LoadError> {
    let has_content = source.text.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#') && line != "---"
    });
    if !has_content {
        return Err(Diagnostic::error("ファイルが空です")
            .in_file(&source.path)
            .with_hint("plan: か goals: を書くか、ファイルを削除してください")
            .into());
    }
    serde_yaml::from_str::<DatasetFile>(&source.text).map_err(|err| translate(source, &err).into())
}

/// Turns a serde_yaml error into a diagnostic in the clerk's terms.
fn translate(source: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
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
    let (message, hint) = explain(&message, &path);
    let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
    diagnostic.hint = hint;
    if let Some(location) = err.location() {
        diagnostic.position = Some(Position {
            line: location.line(),
            column: location.column(),
        });
    }
    let is_key_problem = message_is_about_key(&full);
    locate_in(&mut diagnostic, source, &path, is_key_problem);
    diagnostic
}

fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]?".contains(c))
}

fn message_is_about_key(message: &str) -> bool {
    message.contains("unknown field")
}

/// Rewords serde's English for the people who edit the data.
fn explain(message: &str, path: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| !c.is_empty())
            .collect();
        let suggestion = candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(name, c), *c))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        let hint = match suggestion {
            Some((_, best)) => match field_label(best) {
                Some(label) => format!("もしかして「{best}」（{label}）ですか？"),
                None => format!("もしかして「{best}」ですか？"),
            },
            None => format!("使える項目: {}", candidates.join(", ")),
        };
        return (format!("「{name}」という項目はありません"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let label = field_label(name)
            .map(|l| format!("（{l}）"))
            .unwrap_or_default();
        return (
            format!("必須の項目「{name}」{label}がありません"),
            Some(format!("{name}: を書き足してください")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or(rest);
        if path.ends_with("evaluation") {
            return (
                format!("\"{value}\" は使えません（A・B・C・D のいずれか）"),
                Some("評価がまだないときは evaluation: の行ごと消してください".into()),
            );
        }
        return (format!("\"{value}\" は使えません ({message})"), None);
    }
    if message.starts_with("data did not match any variant of untagged enum RichText") {
        return (
            "文章の形が読めません".into(),
            Some(
                "文字列か、段落・箇条書き (list:)・見出し (heading:)・表 (table:) のリストで書いてください"
                    .into(),
            ),
        );
    }
    if message.starts_with("invalid type") {
        return (format!("値の種類が違います ({message})"), None);
    }
    (message.to_owned(), None)
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Segment::Key(rest[..i].to_owned()));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(n) = stripped[..end].parse() {
                    out.push(Segment::Index(n));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else {
            out.push(Segment::Key(rest.to_owned()));
        }
    }
    out
}

/// Fills in the position, source line and sheet place of `path` in `source`.
fn locate_in(diagnostic: &mut Diagnostic, source: &SourceFile, path: &str, at_key: bool) {
    if diagnostic.position.is_none() {
        let index = LocationIndex::build(&source.text);
        let found = if at_key {
            index.key(path).or_else(|| index.value(path))
        } else {
            index.value(path).or_else(|| index.key(path))
        };
        diagnostic.position = found;
    }
    if let Some(pos) = diagnostic.position {
        diagnostic.source_line = source
            .text
            .lines()
            .nth(pos.line.saturating_sub(1))
            .map(str::to_owned);
    }
    diagnostic.place = sheet_place(&source.text, path);
}

/// Reads the goal number, year and field that `path` points into, looking
/// the number and year up in the file itself (it may not fit the model).
fn sheet_place(text: &str, path: &str) -> SheetPlace {
    let value: Option<serde_yaml::Value> = serde_yaml::from_str(text).ok();
    let mut place = SheetPlace::default();
    let mut node = value.as_ref();
    let mut field_keys: Vec<String> = Vec::new();
    let mut parent_key: Option<String> = None;
    for segment in segments(path) {
        match segment {
            Segment::Key(key) => {
                node = node.and_then(|n| n.get(key.as_str()));
                if !matches!(key.as_str(), "goals" | "years") {
                    field_keys.push(key.clone());
                }
                parent_key = Some(key);
            }
            Segment::Index(i) => {
                node = node.and_then(|n| n.get(i));
                match parent_key.as_deref() {
                    Some("goals") => {
                        field_keys.clear();
                        place.goal = node
                            .and_then(|n| n.get("no"))
                            .and_then(serde_yaml::Value::as_u64)
                            .and_then(|n| u32::try_from(n).ok());
                    }
                    Some("years") => {
                        field_keys.clear();
                        place.year = node.and_then(|n| n.get("year")).map(|y| match y {
                            serde_yaml::Value::String(s) => s.clone(),
                            serde_yaml::Value::Number(n) => n.to_string(),
                            other => format!("{other:?}"),
                        });
                    }
                    _ => {}
                }
                parent_key = None;
            }
        }
    }
    let labels: Vec<&str> = field_keys.iter().filter_map(|k| field_label(k)).collect();
    place.field = match labels.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [first, .., last] => Some(format!("{first}（{last}）")),
    };
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indices() {
        let parts = segments("goals[3].years[2].evaluation");
        assert_eq!(
            format!("{parts:?}"),
            r#"[Key("goals"), Index(3), Key("years"), Index(2), Key("evaluation")]"#
        );
    }

    #[test]
    fn sheet_place_reads_goal_number_and_year_from_the_file() {
        let text = "goals:\n  - no: 7\n    years:\n      - year: R1\n        evaluation: E\n";
        let place = sheet_place(text, "goals[0].years[0].evaluation");
        assert_eq!(place.to_string(), "実施目標 No.7 / R1 / 評価");
    }

    #[test]
    fn unknown_key_suggests_the_nearest_one() {
        let (message, hint) = explain(
            "unknown field `evalution`, expected one of `year`, `activities`, `evaluation`",
            "goals[0].years[0]",
        );
        assert!(message.contains("evalution"), "{message}");
        assert_eq!(
            hint.as_deref(),
            Some("もしかして「evaluation」（評価）ですか？")
        );
    }
}
