//! One file's text into the model: YAML syntax and serde's type errors
//! turned into located diagnostics in the clerk's words.
//!
//! Hostile or broken files cost bounded work: the [`LocationIndex`] scan
//! that runs before serde_yaml stops at nesting deeper than
//! [`locate::MAX_DEPTH`] and at aliases that expand past
//! [`locate::MAX_EXPANDED_NODES`] nodes, and such a file never reaches serde.
//!
//! [`LocationIndex`]: crate::data::locate::LocationIndex

use crate::data::dataset::SourceFile;
use crate::data::diagnostic::{Diagnostic, SheetPlace};
use crate::data::locate::{self, Position, ScanProblem};
use crate::data::model::{DatasetFile, Evaluation, field_label};
use crate::data::place::point_at;

/// Parses one file; a syntax or type problem becomes a located diagnostic.
pub(super) fn parse_source(source: &SourceFile) -> Result<DatasetFile, Vec<Diagnostic>> {
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
pub(super) fn full_width_notes(source: &SourceFile, contents: &DatasetFile) -> Vec<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
