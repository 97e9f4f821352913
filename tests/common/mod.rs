//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use welfare_sheets::load::{Dataset, load_dataset};
use welfare_sheets::packet::{Packet, PacketRequest, make_packet};
use welfare_sheets::world::SheetWorld;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled_data() -> PathBuf {
    root().join("data")
}

/// The bundled dataset, loaded once for the whole test binary.
pub fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| load_dataset(&bundled_data()).unwrap_or_else(|e| panic!("{e}")))
}

/// Text with all white space removed, for comparisons that ignore layout.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn packet(dataset: &Dataset, request: &PacketRequest) -> Packet {
    let mut world = SheetWorld::new(&[] as &[&Path]);
    make_packet(&mut world, dataset, request).unwrap_or_else(|e| panic!("{e:#}"))
}

/// Writes `files` (relative path, contents) into a fresh temporary folder.
pub fn dataset_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

pub const PLAN_YAML: &str = "plan:\n  title: テスト計画\n  issuers: [防府市]\n  packet_label: 資料 8\n  period: { from: H28, to: H32 }\n";

/// The welfare-sheets binary, as a clerk would run it.
pub fn welfare_sheets() -> Command {
    Command::new(env!("CARGO_BIN_EXE_welfare-sheets"))
}

/// Copies a folder tree (a dataset, say) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
