//! A text cell of the data as one plain text, for a spreadsheet cell: the
//! convention a section types in Excel and `import` reads back.
//!
//! - a line that starts with `・` is an item of a bullet list (the lines of
//!   consecutive items make one list);
//! - a line `【…】` is a heading;
//! - a line with a tab in it is a row of a table, its cells split at the tabs
//!   (consecutive rows make one table);
//! - any other line belongs to a paragraph: consecutive lines make one
//!   paragraph, printed with their line breaks;
//! - an empty line ends a block, so two paragraphs (or two lists) in a row
//!   are written with an empty line between them.
//!
//! [`to_cell`] and [`from_cell`] are inverse on every text that follows the
//! convention, which every cell of the bundled dataset does (a test proves
//! it); [`same_text`] compares two texts as they print, whatever YAML form
//! each was written in.

use crate::data::model::{Block, RichText, TaggedBlock};

/// A text's blocks in one spelling: a plain string is a paragraph, a bare
/// string in a list of blocks too.
fn canonical(text: &RichText) -> Vec<TaggedBlock> {
    text.blocks()
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(text) => TaggedBlock::Paragraph(text),
            Block::Tagged(tagged) => tagged,
        })
        .collect()
}

/// Whether two texts print the same.
pub fn same_text(a: &RichText, b: &RichText) -> bool {
    canonical(a) == canonical(b)
}

/// The text as one cell's plain text.
pub fn to_cell(text: &RichText) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut previous: Option<&'static str> = None;
    for block in canonical(text) {
        let kind = match &block {
            TaggedBlock::Paragraph(_) => "paragraph",
            TaggedBlock::List(_) => "list",
            TaggedBlock::Heading(_) => "heading",
            TaggedBlock::Table(_) => "table",
        };
        // Two blocks of a kind that joins its lines need an empty line
        // between them to stay two.
        if previous == Some(kind) && kind != "heading" {
            lines.push(String::new());
        }
        previous = Some(kind);
        match block {
            TaggedBlock::Paragraph(text) => lines.extend(text.split('\n').map(str::to_owned)),
            TaggedBlock::List(items) => lines.extend(items.iter().map(|item| format!("・{item}"))),
            TaggedBlock::Heading(text) => lines.push(format!("【{text}】")),
            TaggedBlock::Table(rows) => lines.extend(rows.iter().map(|row| row.join("\t"))),
        }
    }
    lines.join("\n")
}

/// A cell's plain text as a text of the data: one paragraph is a plain
/// string, anything else a list of blocks. Line ends may be CRLF.
pub fn from_cell(cell: &str) -> RichText {
    let mut blocks: Vec<TaggedBlock> = Vec::new();
    // Whether the last block may take the next line of its kind.
    let mut open = false;
    for line in cell.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let last = if open { blocks.last_mut() } else { None };
        if let Some(item) = line.strip_prefix('・') {
            match last {
                Some(TaggedBlock::List(items)) => items.push(item.to_owned()),
                _ => blocks.push(TaggedBlock::List(vec![item.to_owned()])),
            }
        } else if let Some(heading) = line
            .trim_end()
            .strip_prefix('【')
            .and_then(|rest| rest.strip_suffix('】'))
            .filter(|inner| !inner.contains(['【', '】']))
        {
            blocks.push(TaggedBlock::Heading(heading.to_owned()));
        } else if line.contains('\t') {
            let row = line.split('\t').map(str::to_owned).collect();
            match last {
                Some(TaggedBlock::Table(rows)) => rows.push(row),
                _ => blocks.push(TaggedBlock::Table(vec![row])),
            }
        } else {
            match last {
                Some(TaggedBlock::Paragraph(text)) => {
                    text.push('\n');
                    text.push_str(line);
                }
                _ => blocks.push(TaggedBlock::Paragraph(line.to_owned())),
            }
        }
        open = true;
    }
    match blocks.as_slice() {
        [] => RichText::Empty,
        [TaggedBlock::Paragraph(text)] => RichText::Plain(text.clone()),
        _ => RichText::Blocks(
            blocks
                .into_iter()
                .map(|block| match block {
                    TaggedBlock::Paragraph(text) => Block::Paragraph(text),
                    tagged => Block::Tagged(tagged),
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rich(yaml: &str) -> RichText {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn every_kind_of_block_survives_the_cell() {
        let text = rich(
            "- 前文。\n- list: [甲, 乙]\n- heading: 研修会\n- table: [[a, b], [c, '']]\n- 一つ目\n- 二つ目\n- list: [丙]\n- list: [丁]\n",
        );
        let cell = to_cell(&text);
        assert_eq!(
            cell,
            "前文。\n・甲\n・乙\n【研修会】\na\tb\nc\t\n一つ目\n\n二つ目\n・丙\n\n・丁"
        );
        assert!(same_text(&from_cell(&cell), &text));
    }

    #[test]
    fn one_paragraph_reads_back_as_a_plain_string() {
        assert_eq!(
            from_cell("一行目\r\n二行目"),
            RichText::Plain("一行目\n二行目".into())
        );
        assert_eq!(from_cell(" \n\n"), RichText::Empty);
        assert!(same_text(&rich("- paragraph: x"), &rich("x")));
        assert!(!same_text(&rich("x\ny"), &rich("[x, y]")));
    }

    #[test]
    fn brackets_inside_a_line_are_text() {
        assert_eq!(
            from_cell("【研修会】と【会議】"),
            RichText::Plain("【研修会】と【会議】".into())
        );
    }
}
