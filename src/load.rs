//! Reading a dataset: one YAML file or a folder of them, into the model.
//!
//! Every problem is collected, not just the first; each one names its file,
//! line and column, and the goal, year and field as the sheet labels them.
//!
//! Hostile or broken files cost bounded work: a file is refused above
//! [`MAX_FILE_BYTES`], in an encoding other than UTF-8, and (by the
//! [`LocationIndex`] scan that runs before serde_yaml) when nested deeper
//! than [`locate::MAX_DEPTH`] or holding aliases that expand past
//! [`locate::MAX_EXPANDED_NODES`] nodes.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::diagnostic::{Diagnostic, LoadError, SheetPlace};
use crate::locate::{self, LocationIndex, Position, ScanProblem};
use crate::model::{DatasetFile, Evaluation, Goal, Plan, field_label};
use crate::validate;

/// The largest data file read: a goal file is about 10 KB, so a megabyte is
/// a hundred times the largest real one, and small enough that parsing it
/// costs milliseconds and a few MiB whatever it holds.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// One file of the dataset as it was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where every key and value of the file stands.
    pub index: LocationIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let index = LocationIndex::build(&text);
        SourceFile {
            path: path.into(),
            text,
            index,
        }
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
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
    /// What the loader did on the clerk's behalf (full-width Ａ–Ｄ read as
    /// A–D): notes for `check` to show.
    pub notes: Vec<Diagnostic>,
}

impl Dataset {
    /// A diagnostic pointing at `relative_path` (serde_yaml's notation,
    /// relative to the goal, e.g. `years[2].results`) inside goal number
    /// `goal_index`'s file, with the goal, year and field it concerns.
    pub fn locate(&self, goal_index: usize, relative_path: &str) -> Diagnostic {
        let origin = self.origins[goal_index];
        let source = &self.sources[origin.file];
        let full = goal_path(origin.index, relative_path);
        let mut diagnostic = Diagnostic::error(String::new()).in_file(&source.path);
        diagnostic.position = source
            .index
            .value(&full)
            .or_else(|| source.index.key(&full));
        diagnostic.source_line = diagnostic
            .position
            .and_then(|p| source.line(p.line))
            .map(str::to_owned);
        diagnostic.place = self.place(goal_index, relative_path);
        diagnostic
    }

    /// Like [`Dataset::locate`], but pointing at the first `needle` written
    /// at or after the start of the value (a character in a text, say).
    pub fn locate_text(&self, goal_index: usize, relative_path: &str, needle: &str) -> Diagnostic {
        let mut diagnostic = self.locate(goal_index, relative_path);
        let source = &self.sources[self.origins[goal_index].file];
        if let Some(start) = diagnostic.position
            && let Some(found) = find_after(&source.text, start, needle)
        {
            diagnostic.position = Some(found);
            diagnostic.source_line = source.line(found.line).map(str::to_owned);
        }
        diagnostic
    }

    /// The goal, year and field `relative_path` names, read from the model.
    fn place(&self, goal_index: usize, relative_path: &str) -> SheetPlace {
        let goal = &self.goals[goal_index];
        let parts = segments(relative_path);
        let year = match parts.as_slice() {
            [Segment::Key(key), Segment::Index(i), ..] if key == "years" => {
                goal.years.get(*i).map(|y| y.year.row_label())
            }
            _ => None,
        };
        let keys: Vec<&str> = parts
            .iter()
            .filter_map(|part| match part {
                Segment::Key(key) if key != "years" => Some(key.as_str()),
                _ => None,
            })
            .collect();
        SheetPlace {
            goal: Some(goal.no),
            year,
            field: field_name(&keys),
        }
    }
}

fn goal_path(index: usize, relative_path: &str) -> String {
    if relative_path.is_empty() {
        format!("goals[{index}]")
    } else {
        format!("goals[{index}].{relative_path}")
    }
}

/// The first `needle` in `text` at or after `start`.
fn find_after(text: &str, start: Position, needle: &str) -> Option<Position> {
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if number + 1 == start.line {
            let column_offset: usize = line
                .chars()
                .take(start.column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            offset += column_offset;
            break;
        }
        offset += line.len();
    }
    let found = offset + text.get(offset..)?.find(needle)?;
    let before = &text[..found];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..found].chars().count() + 1;
    Some(Position { line, column })
}

/// Reads and validates the dataset at `path` (a YAML file or a folder).
pub fn load_dataset(path: &Path) -> Result<Dataset, LoadError> {
    let files = dataset_files(path)?;
    let mut contents = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match read_bytes(&file) {
            Ok(bytes) => contents.push((file, bytes)),
            Err(err) => problems.extend(err.diagnostics),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    load_dataset_from_bytes(path, contents)
}

/// Reads and validates a dataset held in memory: each file's name (as
/// messages should print it) and bytes, in order. `root` names the dataset
/// in messages that concern no one file.
pub fn load_dataset_from_bytes(
    root: &Path,
    files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<Dataset, LoadError> {
    // The files are independent until they are assembled: read them side by side.
    let read: Vec<_> = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let text = decode(&path, &bytes)?;
            let source = SourceFile::new(path, text);
            let contents = parse_source(&source)
                .map(|contents| (full_width_notes(&source, &contents), contents));
            Ok((source, contents))
        })
        .collect();
    let mut sources = Vec::new();
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for file in read {
        let (source, contents) = match file {
            Ok(file) => file,
            Err(LoadError { diagnostics }) => {
                problems.extend(diagnostics);
                continue;
            }
        };
        match contents {
            Ok((full_width, contents)) => {
                notes.extend(full_width);
                parsed.push((sources.len(), contents));
            }
            Err(diagnostics) => problems.extend(diagnostics),
        }
        sources.push(source);
    }
    if !problems.is_empty() {
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    assemble(root, sources, parsed, notes)
}

/// Reads and validates a dataset of one file held in memory (`name` is what
/// messages call it): for tests, fuzzing and editors.
pub fn load_dataset_from_str(name: &str, text: &str) -> Result<Dataset, LoadError> {
    load_dataset_from_bytes(
        Path::new(name),
        vec![(PathBuf::from(name), text.as_bytes().to_vec())],
    )
}

/// Joins the parsed files into one dataset and runs the whole-dataset checks.
fn assemble(
    root: &Path,
    sources: Vec<SourceFile>,
    parsed: Vec<(usize, DatasetFile)>,
    notes: Vec<Diagnostic>,
) -> Result<Dataset, LoadError> {
    let mut problems = Vec::new();
    let mut plan: Option<(Plan, usize)> = None;
    let mut goals = Vec::new();
    for (file, contents) in parsed {
        if let Some(p) = contents.plan {
            match &plan {
                Some((_, first)) => {
                    let mut diagnostic = Diagnostic::error(format!(
                        "計画 (plan) が二つのファイルにあります（もう一つは {}）",
                        sources[*first].path.display()
                    ))
                    .in_file(&sources[file].path)
                    .with_hint("plan: はデータセットの一つのファイルにだけ書いてください");
                    point_at(&mut diagnostic, &sources[file], "plan", true);
                    problems.push(diagnostic);
                }
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
                .in_file(root)
                .with_hint("plan: に計画名・策定者・資料番号・計画期間を書いてください"),
        );
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    };
    if goals.is_empty() {
        problems.push(
            Diagnostic::error("実施目標 (goals) が一つもありません")
                .in_file(root)
                .with_hint("goals: の下に実施目標を一つ以上書いてください"),
        );
    }
    // A stable sort: goals with the same number stay in reading order, so the
    // first one read is the one a duplicate is compared with.
    goals.sort_by_key(|(goal, _)| goal.no);
    let (goals, origins): (Vec<Goal>, Vec<GoalOrigin>) = goals.into_iter().unzip();

    let place_of = |goal_index: Option<usize>, path: &str| -> (usize, String) {
        match goal_index {
            Some(i) => (origins[i].file, goal_path(origins[i].index, path)),
            None => (plan_file, format!("plan.{path}")),
        }
    };
    for finding in validate::validate(&plan, &goals) {
        let mut diagnostic = Diagnostic::error(finding.message);
        diagnostic.hint = finding.hint;
        let (file, full_path) = place_of(finding.goal_index, &finding.path);
        let source = &sources[file];
        diagnostic.file = Some(source.path.clone());
        point_at(&mut diagnostic, source, &full_path, false);
        if let Some((other_goal, other_path)) = &finding.also {
            let (other_file, other_full) = place_of(Some(*other_goal), other_path);
            let other = &sources[other_file];
            let here = diagnostic.location().unwrap_or_default();
            let there = value_position(other, &other_full)
                .map(|p| format!("{}:{}:{}", other.path.display(), p.line, p.column))
                .unwrap_or_else(|| other.path.display().to_string());
            diagnostic.message += &format!("（{there} と {here}）");
        }
        problems.push(diagnostic);
    }
    if !problems.is_empty() {
        problems.extend(notes);
        return Err(LoadError {
            diagnostics: problems,
        });
    }
    Ok(Dataset {
        plan,
        goals,
        origins,
        sources,
        notes,
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
            // Symbolic links to folders are not followed: a link loop
            // would never end.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
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

/// Reads a file's bytes, refusing one too large to be a data file without
/// reading it whole.
fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let unreadable = |err: std::io::Error| {
        LoadError::from(Diagnostic::error(format!("ファイルが読めません ({err})")).in_file(path))
    };
    let file = fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Reads a file as UTF-8 text (see [`decode`]).
pub fn read_source(path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = read_bytes(path)?;
    let text = decode(path, &bytes)?;
    Ok(SourceFile::new(path, text))
}

/// The text of a data file. A UTF-8 byte-order mark is dropped and CRLF line
/// ends are fine (YAML reads them as line breaks). Any other encoding is
/// refused with a message that says which it looks like and how to fix it:
/// Excel and older Notepad save Shift_JIS (CP932) by default. We refuse
/// rather than convert, so that every file in the dataset stays in the one
/// encoding editors, diffs and the JSON Schema support expect.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "ファイルが大きすぎます（{} KiB を超えています）",
            MAX_FILE_BYTES / 1024
        ))
        .in_file(path)
        .with_hint("データのファイルは 1 目標で 10 KB ほどです。ファイルを分けるか、別のファイルを指定していないか確かめてください")
        .into());
    }
    let save_as_utf8 =
        "エディタ（メモ帳・VS Code など）で文字コードに「UTF-8」を選んで保存し直してください";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Diagnostic::error("文字コードが UTF-16 です。UTF-8 で保存してください")
                .in_file(path)
                .with_hint(save_as_utf8)
                .into(),
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => {
            let offset = err.valid_up_to();
            let line_start = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[offset..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| offset + i);
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let sjis = encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some();
            let (message, decoder) = if sjis {
                (
                    "文字コードが Shift_JIS（CP932）です。UTF-8 で保存してください",
                    encoding_rs::SHIFT_JIS,
                )
            } else {
                (
                    "文字コードが UTF-8 ではありません。UTF-8 で保存してください",
                    encoding_rs::WINDOWS_1252,
                )
            };
            // Show the line as the clerk sees it in their editor.
            let (shown, _, _) = decoder.decode(&bytes[line_start..line_end]);
            let shown = shown.trim_end_matches('\r').to_owned();
            let (prefix, _, _) = decoder.decode(&bytes[line_start..offset]);
            let column = prefix.chars().count() + 1;
            let mut diagnostic = Diagnostic::error(message)
                .in_file(path)
                .with_hint(save_as_utf8);
            diagnostic.position = Some(Position { line, column });
            diagnostic.source_line = Some(shown);
            Err(diagnostic.into())
        }
    }
}

/// Parses one file; a syntax or type problem becomes a located diagnostic.
fn parse_source(source: &SourceFile) -> Result<DatasetFile, Vec<Diagnostic>> {
    let has_content = source.text.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#') && line != "---" && line != "..."
    });
    if !has_content {
        return Err(vec![
            Diagnostic::error("ファイルが空です")
                .in_file(&source.path)
                .with_hint("plan: か goals: を書くか、ファイルを削除してください"),
        ]);
    }
    // The scan that built the index stopped early: the file is broken or
    // hostile, and serde_yaml is not given it.
    if let Some(problem) = &source.index.problem {
        let (at, message, hint) = match problem {
            ScanProblem::Syntax { at, message } if !message.contains("recursion limit") => {
                let (message, hint) = explain_syntax(message);
                (syntax_position(&source.text, *at), message, hint)
            }
            // yaml-rust2's own limit on nested brackets, which its scanner
            // may meet before the index meets ours.
            ScanProblem::Syntax { at, .. } | ScanProblem::TooDeep { at } => (
                *at,
                format!(
                    "入れ子が深すぎます（{} 段まで）",
                    locate::MAX_DEPTH
                ),
                Some("データの形は goals → years → results → table のように 10 段ほどです。括弧 [ { の閉じ忘れがないか確かめてください".to_owned()),
            ),
            ScanProblem::TooManyNodes { at, aliases: true } => (
                *at,
                format!(
                    "エイリアス（*名前）を展開すると大きすぎます（{} 個の値を超えます）",
                    locate::MAX_EXPANDED_NODES
                ),
                Some("& と * を使わずに、値をそのまま書いてください".to_owned()),
            ),
            ScanProblem::TooManyNodes { at, aliases: false } => (
                *at,
                format!(
                    "値が多すぎます（一つのファイルに {} 個まで）",
                    locate::MAX_EXPANDED_NODES
                ),
                Some("データのファイルではないものを指定していないか確かめてください。多すぎるときはファイルを分けてください".to_owned()),
            ),
        };
        let mut diagnostic = Diagnostic::error(message).in_file(&source.path);
        diagnostic.hint = hint;
        diagnostic.position = Some(at);
        diagnostic.source_line = source.line(at.line).map(str::to_owned);
        return Err(vec![diagnostic]);
    }
    serde_yaml::from_str::<DatasetFile>(&source.text).map_err(|err| vec![translate(source, &err)])
}

/// A note for each full-width evaluation letter (Ａ–Ｄ) the file wrote.
fn full_width_notes(source: &SourceFile, contents: &DatasetFile) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for (g, goal) in contents.goals.iter().enumerate() {
        for (y, entry) in goal.years.iter().enumerate() {
            let Some(evaluation) = entry.evaluation else {
                continue;
            };
            let path = format!("goals[{g}].years[{y}].evaluation");
            let Some(at) = source.index.value(&path) else {
                continue;
            };
            let written: String = source
                .line(at.line)
                .unwrap_or_default()
                .chars()
                .skip(at.column - 1)
                .skip_while(|c| *c == '"' || *c == '\'')
                .take(1)
                .collect();
            if Evaluation::is_full_width(&written) {
                let mut note = Diagnostic::note(format!(
                    "全角の「{written}」を半角の {} として読みました",
                    evaluation.letter()
                ))
                .in_file(&source.path)
                .with_hint(format!(
                    "半角で {} と書くとこの注意は出ません",
                    evaluation.letter()
                ));
                note.position = Some(at);
                note.source_line = source.line(at.line).map(str::to_owned);
                note.place = SheetPlace {
                    goal: Some(goal.no),
                    year: Some(entry.year.row_label()),
                    field: field_label("evaluation").map(str::to_owned),
                };
                notes.push(note);
            }
        }
    }
    notes
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
    let is_key_problem = full.contains("unknown field");
    point_at(&mut diagnostic, source, &path, is_key_problem);
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

/// What a YAML syntax error means, and what usually fixes it.
fn explain_syntax(message: &str) -> (String, Option<String>) {
    let hint = if message.contains("tab") {
        "字下げにタブは使えません。空白で字下げしてください"
    } else if message.contains("mapping values are not allowed") {
        "「キー: 値」の値の中に「: 」があるときは、値全体を \"…\" で囲んでください"
    } else if message.contains("expected ',' or ']'") {
        "[ を閉じる ] が足りないか、項目の間の , が抜けています"
    } else if message.contains("expected ',' or '}'") {
        "{ を閉じる } が足りないか、項目の間の , が抜けています"
    } else if message.contains("quoted scalar") {
        "引用符（\" または '）が閉じていません"
    } else if message.contains("did not find expected key")
        || message.contains("block mapping")
        || message.contains("block sequence")
        || message.contains("indentation")
    {
        "字下げ（行頭の空白の数）がそろっているか確かめてください"
    } else {
        "この行かその前の行の書き方を確かめてください"
    };
    (
        format!("YAML の書き方に誤りがあります（{message}）"),
        Some(hint.to_owned()),
    )
}

/// A value kind as serde names it, in the clerk's words.
fn kind_in_japanese(kind: &str) -> String {
    let kind = kind.trim();
    if let Some(rest) = kind.strip_prefix("string ") {
        return format!("文字列 {rest}");
    }
    if let Some(rest) = kind
        .strip_prefix("integer ")
        .or_else(|| kind.strip_prefix("floating point "))
    {
        return format!("数 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = kind.strip_prefix("boolean ") {
        return format!("真偽値 {}", rest.trim_matches('`'));
    }
    let known = match kind {
        "sequence" | "a sequence" => "リスト（- の並び や [ ]）",
        "map" | "a map" => "「キー: 値」の組",
        "unit value" | "null" => "空の値",
        "u32" | "u64" | "u16" | "u8" => "0 以上の整数",
        "a string" | "string" => "文字列",
        "a boolean" | "boolean" => "true か false",
        "A, B, C or D" => "A・B・C・D のいずれか",
        "a fiscal year such as 28, H28, R1 or 2019" => "年度（28・H28・R1・2019 など）",
        _ if kind.starts_with("struct ") || kind.starts_with("a map") => "「キー: 値」の組",
        _ if kind.starts_with("enum ") => "決まった値のどれか",
        _ => return kind.to_owned(),
    };
    known.to_owned()
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
            None if candidates.is_empty() => "この場所には項目を書けません".to_owned(),
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
        if path.ends_with("basic_goal") {
            return (
                format!("\"{value}\" は使えません（I・II・III のいずれか）"),
                Some("分からないときは basic_goal: の行ごと消してください".into()),
            );
        }
        return (format!("\"{value}\" は使えません ({message})"), None);
    }
    if message.starts_with("data did not match any variant of untagged enum RichText")
        || message.starts_with("data did not match any variant of untagged enum Block")
    {
        return (
            "文章の形が読めません".into(),
            Some(
                "文字列か、段落・箇条書き (list:)・見出し (heading:)・表 (table:) のリストで書いてください"
                    .into(),
            ),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum SubMeasure") {
        return (
            "細施策は番号か \"-\" で書いてください".into(),
            Some("分からないときは sub_measure: の行ごと消してください".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let hint = if expected.starts_with("struct DatasetFile") {
                Some("ファイルは plan: か goals: で始めてください".to_owned())
            } else {
                None
            };
            return (
                format!(
                    "値の種類が違います（{}を書くところに、{}）",
                    kind_in_japanese(expected),
                    kind_in_japanese(found)
                ),
                hint,
            );
        }
        return (format!("値の種類が違います ({message})"), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (
            format!(
                "{}は使えません（{}）",
                kind_in_japanese(found),
                kind_in_japanese(expected)
            ),
            None,
        );
    }
    if message.contains("more than one document") {
        return (
            "一つのファイルに --- で区切った文書が二つ以上あります".into(),
            Some("--- の行を消して一つにまとめるか、ファイルを分けてください".into()),
        );
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit") {
        return (
            "入れ子かエイリアス（*名前）の展開が大きすぎます".into(),
            Some("& と * を使わずに、値をそのまま書いてください".into()),
        );
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

fn value_position(source: &SourceFile, path: &str) -> Option<Position> {
    source.index.value(path).or_else(|| source.index.key(path))
}

/// Fills in the position, source line and sheet place of `path` in `source`.
fn point_at(diagnostic: &mut Diagnostic, source: &SourceFile, path: &str, at_key: bool) {
    if diagnostic.position.is_none() {
        diagnostic.position = if at_key {
            source.index.key(path).or_else(|| source.index.value(path))
        } else {
            value_position(source, path)
        };
    }
    if let Some(pos) = diagnostic.position {
        diagnostic.source_line = source.line(pos.line).map(str::to_owned);
    }
    diagnostic.place = sheet_place(source, path);
}

/// The sheet label of a field path's keys: `内容と成果`, `関係取組・事業（事業名）`.
fn field_name(keys: &[&str]) -> Option<String> {
    let labels: Vec<&str> = keys.iter().filter_map(|k| field_label(k)).collect();
    match labels.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [first, .., last] => Some(format!("{first}（{last}）")),
    }
}

/// Reads the goal number, year and field that `path` points into, looking
/// the number and year up in the file itself (it may not fit the model).
/// Only called for a file whose scan found nothing hostile in it.
fn sheet_place(source: &SourceFile, path: &str) -> SheetPlace {
    let value: Option<serde_yaml::Value> = if source.index.problem.is_none() {
        serde_yaml::from_str(&source.text).ok()
    } else {
        None
    };
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
                        place.year = node.and_then(|n| n.get("year")).and_then(|y| match y {
                            serde_yaml::Value::String(s) => Some(s.clone()),
                            serde_yaml::Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        });
                    }
                    _ => {}
                }
                parent_key = None;
            }
        }
    }
    let keys: Vec<&str> = field_keys.iter().map(String::as_str).collect();
    place.field = field_name(&keys);
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
        let source = SourceFile::new("x.yaml", text.to_owned());
        let place = sheet_place(&source, "goals[0].years[0].evaluation");
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

    #[test]
    fn find_after_counts_columns_in_characters() {
        let text = "a: 1\nb: 吉田𠮷野\n";
        let start = Position { line: 2, column: 4 };
        assert_eq!(
            find_after(text, start, "𠮷"),
            Some(Position { line: 2, column: 6 })
        );
        assert_eq!(find_after(text, start, "a"), None);
    }
}
