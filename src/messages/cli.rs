//! What the command line says: its parse errors, and the window's last line.

use super::{hint, severity_error};

// ------------------------------------------------------------ command line

pub fn press_enter_to_close() -> &'static str {
    "Enter キーを押すと閉じます。"
}
pub fn error_line(message: &str) -> String {
    format!("{}: {message}", severity_error())
}
pub fn hint_line(message: &str) -> String {
    format!("  = {}: {message}", hint())
}
pub fn unknown_option(option: &str) -> String {
    format!("知らないオプションです: {option}")
}
pub fn unknown_command(command: &str) -> String {
    format!("知らないコマンドです: {command}")
}
pub fn did_you_mean_flag(suggestion: &str) -> String {
    format!("もしかして {suggestion} ですか？")
}
pub fn invalid_option_value(option: &str, value: &str, allowed: &[String]) -> String {
    if allowed.is_empty() {
        format!("{option} に \"{value}\" は使えません")
    } else {
        format!(
            "{option} に \"{value}\" は使えません（使える値: {}）",
            allowed.join("、")
        )
    }
}
pub fn option_value_unreadable(option: &str, why: &str) -> String {
    format!("{option} の値が読めません: {why}")
}
pub fn option_missing(options: &str) -> String {
    format!("{options} を指定してください")
}
pub fn option_needs_value(option: &str) -> String {
    format!("{option} のあとに値を書いてください")
}
pub fn option_twice(option: &str) -> String {
    format!("{option} は一度だけ指定できます")
}
pub fn options_conflict(a: &str, b: &str) -> String {
    format!("{a} と {b} は一緒に使えません")
}
pub fn command_line_unreadable() -> &'static str {
    "コマンドの書き方が読めません"
}
/// The hint after any command-line mistake: where the help is.
pub fn see_help(command: &str) -> String {
    format!("{command} --help で使い方を確かめてください")
}
