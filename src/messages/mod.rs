//! Every sentence welfare-sheets says to a person, and every word it prints
//! that a sheet's declaration does not give, in one place.
//!
//! The people who run welfare-sheets are the committee's secretariat clerks,
//! and they read Japanese: every message, hint, progress line, summary and
//! printed heading is written here, a file per stage of the pipeline, so
//! that the wording is reviewed in one folder, and a second language could
//! be added by giving these functions a second body, without touching the
//! logic that calls them.
//!
//! Rules: one line is one language. File names, command names, flags and
//! terms such as PDF, YAML and Excel keep their spelling; nothing from an
//! English error (serde's, YAML's, the operating system's) is passed
//! through: it is translated into what to do. Code comments and the
//! developer documentation stay English. This module uses nothing else of
//! the crate, so every stage may use it.

use std::io;
use std::path::Path;

mod cli;
mod data;
mod documents;
mod forms;
mod typeset;
mod web;
mod workflow;

pub use cli::*;
pub use data::*;
pub use documents::*;
pub use forms::*;
pub use typeset::*;
pub use web::*;
pub use workflow::*;

// ------------------------------------------------------------ diagnostics

/// The word before a diagnostic: `エラー`, `警告`, `注意`.
pub fn severity_error() -> &'static str {
    "エラー"
}
pub fn severity_warning() -> &'static str {
    "警告"
}
pub fn severity_note() -> &'static str {
    "注意"
}
/// The word before a diagnostic's hint line.
pub fn hint() -> &'static str {
    "ヒント"
}

/// The closing line of `check`: how many of each, and the pages laid out.
pub fn check_summary(errors: usize, warnings: usize, notes: usize, pages: Option<usize>) -> String {
    let counts = format!("エラー {errors} 件、警告 {warnings} 件、注意 {notes} 件");
    match pages {
        Some(pages) => format!("点検の結果: {counts}（{pages} ページ）"),
        None => format!("点検の結果: {counts}"),
    }
}

// ------------------------------------------------------------ files

/// Why a file operation failed, in words a clerk can act on.
fn io_reason(err: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "見つかりません",
        PermissionDenied => {
            "権限がないか、ほかのプログラム（PDF の表示ソフトや Excel など）がこのファイルを開いています"
        }
        StorageFull | QuotaExceeded => "保存先の空き容量がありません",
        ReadOnlyFilesystem => "読み取り専用の場所です",
        FileTooLarge => "ファイルが大きすぎて保存先に書き込めません",
        IsADirectory => "ファイルではなくフォルダです",
        NotADirectory => "途中にフォルダではないものがあります",
        ResourceBusy | WouldBlock => "ほかのプログラムが使っています",
        InvalidFilename => "ファイル名に使えない文字があります",
        InvalidData => "中身が壊れているか、別の形式のファイルです",
        UnexpectedEof => "ファイルが途中で切れています",
        _ => "読み書きに失敗しました",
    }
}

/// What to do about a file operation that failed.
pub fn io_hint(err: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "名前と場所を確かめてください",
        PermissionDenied => {
            "そのファイルを開いているプログラムを閉じてから、もう一度実行してください。保存先のフォルダに書き込めるかも確かめてください"
        }
        StorageFull | QuotaExceeded | FileTooLarge => {
            "不要なファイルを消して空きを作るか、--out-dir で別の保存先を指定してください"
        }
        ReadOnlyFilesystem => "--out-dir で書き込める保存先を指定してください",
        ResourceBusy | WouldBlock => "そのファイルを使っているプログラムを閉じてください",
        _ => "保存先や名前を変えて、もう一度実行してください",
    }
}

/// A file that could not be written (the file the clerk asked for, never a
/// temporary one).
pub fn cannot_write(path: &Path, err: &io::Error) -> String {
    format!("書き込めません: {}: {}", path.display(), io_reason(err))
}

/// A folder that could not be created for an output.
pub fn cannot_create_folder(path: &Path, err: &io::Error) -> String {
    format!(
        "フォルダを作れません: {}: {}",
        path.display(),
        io_reason(err)
    )
}
