//! One rich-text cell through layout: arbitrary text (cut to 2 KB) becomes
//! the blocks of a goal's 内容と成果 cell, and the sheet is laid out with the
//! real templates and fonts. Layout must never fail or panic on data.

#![no_main]

use std::path::Path;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use welfare_sheets::data::load::load_dataset_from_str;
use welfare_sheets::data::model::{Block, RichText, TaggedBlock};
use welfare_sheets::documents::packet::{PacketRequest, layout_packet};
use welfare_sheets::typeset::world::SheetWorld;

const DATASET: &str = "plan:\n  title: 計画\n  issuers: [防府市]\n  packet_label: 資料 8\n  period: { from: H28, to: H32 }\ngoals:\n  - no: 1\n    content: 内容\n    target: 目標\n    years:\n      - year: 28\n        evaluation: B\n";

/// Splits the text at U+0001 into blocks; a block's first character picks
/// its kind (and U+0002 splits list items and table cells, U+0003 rows).
fn cell(text: &str) -> RichText {
    if !text.contains('\u{1}') {
        return RichText::Plain(text.to_owned());
    }
    let blocks = text
        .split('\u{1}')
        .map(|part| {
            let mut chars = part.chars();
            let kind = chars.next().unwrap_or('p');
            let rest: String = chars.collect();
            match kind as u32 % 5 {
                0 => Block::Paragraph(rest),
                1 => Block::Tagged(TaggedBlock::Paragraph(rest)),
                2 => Block::Tagged(TaggedBlock::Heading(rest)),
                3 => Block::Tagged(TaggedBlock::List(
                    rest.split('\u{2}').map(str::to_owned).collect(),
                )),
                _ => Block::Tagged(TaggedBlock::Table(
                    rest.split('\u{3}')
                        .map(|row| row.split('\u{2}').map(str::to_owned).collect())
                        .collect(),
                )),
            }
        })
        .collect();
    RichText::Blocks(blocks)
}

fuzz_target!(|data: &[u8]| {
    static WORLD: Mutex<Option<SheetWorld>> = Mutex::new(None);
    let text = String::from_utf8_lossy(&data[..data.len().min(2048)]);
    let mut dataset = load_dataset_from_str("fuzz.yaml", DATASET).expect("the base dataset loads");
    dataset.goals[0].years[0].results = cell(&text);
    let mut world = WORLD.lock().unwrap();
    let world = world.get_or_insert_with(|| SheetWorld::new(&[] as &[&Path]));
    let (_, rendered) = layout_packet(world, &dataset, &PacketRequest::default())
        .unwrap_or_else(|err| panic!("layout failed on data: {err:#}"));
    assert!(!rendered.document.pages().is_empty());
    // Keep the memo cache from growing over a long run.
    typst::comemo::evict(4);
});
