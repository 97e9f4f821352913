//! Every command-line flag, defined once; the doc comments are the --help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use welfare_sheets::data::era::FiscalYear;

/// 進行管理シート (資料8) from a YAML dataset: Hofu City's regional welfare plan.
#[derive(Debug, Parser)]
#[command(name = "welfare-sheets", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the 資料8 packet: one A4-landscape sheet per goal, in one PDF.
    Sheets(SheetsArgs),
    /// Write every output into a folder (the default command).
    Build(BuildArgs),
    /// Print the evaluation matrix (goals × fiscal years) as CSV or Markdown.
    Summary(SummaryArgs),
    /// Write the annual booklet: cover, contents, structure, summary, sheets.
    Booklet(BookletArgs),
    /// Write one booklet per fiscal year with results (and, with --split, one
    /// PDF per goal per year).
    Archive(ArchiveArgs),
    /// Check the dataset and lay the sheets out without writing anything:
    /// every problem at once, with file:line:col. Exit 0 when clean, 1 on
    /// errors (and, with --strict, on warnings).
    Check(CheckArgs),
    /// Print the JSON Schema of a data file (what schema.json holds).
    Schema,
    /// Write a standalone Typst project of a document (templates, data, fonts)
    /// that the official typst CLI compiles to the same pages.
    Eject(EjectArgs),
    /// One sheet as PNG, for a quick look or an e-mail.
    Preview(PreviewArgs),
    /// Roll the dataset forward one fiscal year: every goal gets the next
    /// year's empty row (the files' comments and layout are kept).
    NewYear(NewYearArgs),
    /// Re-render the packet whenever a data file (or, with --templates, a
    /// template) changes; a bad edit keeps the last good PDF.
    Watch(WatchArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Csv,
    Markdown,
}

#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// The dataset: a YAML file or a folder of YAML files.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Also use the fonts in this folder (the bundled fonts are always there).
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// Never look among the fonts installed on this machine for a character
    /// the bundled fonts lack (such a character is then an error).
    #[arg(long)]
    pub no_system_fonts: bool,
}

#[derive(Debug, Args)]
pub struct SheetsArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The fiscal year being reported (28, H30, R1, 2019 …): rows up to it with
    /// results, the next year's row with its plan only. Default: the latest
    /// year with results.
    #[arg(long)]
    pub year: Option<FiscalYear>,
    /// Only this goal (実施目標 No.); repeat for several.
    #[arg(long = "goal", value_name = "N")]
    pub goals: Vec<u32>,
    /// Where to write the PDF.
    #[arg(short, long, default_value = "out/sheets.pdf")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The folder to write into.
    #[arg(long, default_value = "out")]
    pub out_dir: PathBuf,
    /// Also write the archive (every year's booklet, one PDF per goal per
    /// year) into <out-dir>/archive.
    #[arg(long)]
    pub archive: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Only the years up to this one (default: every year of the plan).
    #[arg(long)]
    pub year: Option<FiscalYear>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SummaryFormat,
    /// Start the CSV with a UTF-8 byte-order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
pub struct BookletArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The fiscal year the booklet reports (default: the latest with results).
    #[arg(long)]
    pub year: Option<FiscalYear>,
    /// Where to write the PDF (default: out/<year>-booklet.pdf).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The folder to write into.
    #[arg(long, default_value = "out/archive")]
    pub out_dir: PathBuf,
    /// Also write one PDF per goal per year.
    #[arg(long)]
    pub split: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The fiscal year to lay the sheets out for (as for `sheets`).
    #[arg(long)]
    pub year: Option<FiscalYear>,
    /// Fail on warnings too (a sheet continued on a follow-on page, a
    /// character drawn with an installed font).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EjectDocument {
    Sheets,
    Booklet,
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The folder to write the project into.
    pub dir: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    /// The fiscal year being reported (default: the latest with results).
    #[arg(long)]
    pub year: Option<FiscalYear>,
    /// Which document main.typ lays out.
    #[arg(long, value_enum, default_value = "sheets")]
    pub document: EjectDocument,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The goal to show (実施目標 No.).
    #[arg(long)]
    pub goal: u32,
    /// The fiscal year being reported (default: the latest with results).
    #[arg(long)]
    pub year: Option<FiscalYear>,
    /// Where to write the PNG (default: out/goal-NN.png).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Resolution in dots per inch.
    #[arg(long, default_value_t = 100.0)]
    pub dpi: f32,
}

#[derive(Debug, Args)]
pub struct NewYearArgs {
    /// The dataset: a YAML file or a folder of YAML files.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Allow a year beyond the plan period, lengthening the period.
    #[arg(long)]
    pub extend: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Where to write the PDF.
    #[arg(short, long, default_value = "out/sheets.pdf")]
    pub output: PathBuf,
    /// Also watch templates here; files named like the embedded ones
    /// (lib.typ, styles.typ, sheets.typ …) replace them.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}
