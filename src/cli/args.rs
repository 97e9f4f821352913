//! Every command-line flag, defined once; the doc comments are the --help
//! text, in the clerk's language. clap's own English (headings, "Usage",
//! "[default: …]", the help and version flags) is replaced in [`command`].

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand};
use welfare_sheets::data::era::FiscalYear;

/// 推進委員会の「資料 8」実施目標計画 進行管理シートを、YAML のデータから PDF で作ります。
#[derive(Debug, Parser)]
#[command(name = "welfare-sheets", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// エラーのほかは何も表示しません。
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// シートごとの縮小や注意も一つずつ表示します。
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// 終わったら、Enter キーを押すまで画面を閉じずに待ちます（ダブルクリックで動かすとき用）。
    #[arg(long, global = true)]
    pub pause: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 資料8と冊子を out/ に作ります（コマンドを省いたときもこれです）。
    #[command(
        after_help = "例:\n  welfare-sheets build\n  welfare-sheets build --archive\n  welfare-sheets build --web"
    )]
    Build(BuildArgs),
    /// 資料8（1 目標 1 枚の進行管理シート）を一つの PDF に作ります。
    #[command(
        after_help = "例:\n  welfare-sheets sheets --year R1\n  welfare-sheets sheets --goal 5 --goal 14 -o 抜粋.pdf"
    )]
    Sheets(SheetsArgs),
    /// 年度の報告書（表紙・目次・計画の体系・評価の集計・シート）を作ります。
    #[command(after_help = "例:\n  welfare-sheets booklet --year R1")]
    Booklet(BookletArgs),
    /// ホームページに載せる版（実施目標ごとのページ、テキスト版、資料8と冊子の PDF）を一つのフォルダに作ります。
    #[command(
        after_help = "例:\n  welfare-sheets web\n  welfare-sheets web --year R1 --out-dir ホームページ用"
    )]
    Web(WebArgs),
    /// 結果のある年度ごとの報告書を保存用に作ります。
    #[command(after_help = "例:\n  welfare-sheets archive --split")]
    Archive(ArchiveArgs),
    /// 保存した PDF が作ったときのままかを確かめます（PDF/A、添付のデータ、作り直して同じか、SHA256SUMS）。すべて確かなら終了コード 0、問題があれば 1。
    #[command(
        after_help = "例:\n  welfare-sheets verify\n  welfare-sheets verify out/archive 2019-R1-sheets.pdf"
    )]
    Verify(VerifyArgs),
    /// データを点検します（何も書き出しません）。問題がなければ終了コード 0、エラーがあれば 1。
    #[command(after_help = "例:\n  welfare-sheets check\n  welfare-sheets check --strict")]
    Check(CheckArgs),
    /// 実施目標 × 年度の評価の一覧を CSV か Markdown で表示します。
    #[command(
        after_help = "例:\n  welfare-sheets summary --bom > 評価一覧.csv\n  welfare-sheets summary --format markdown\n  welfare-sheets summary --changes\n  welfare-sheets summary --indicators --bom > 指標一覧.csv"
    )]
    Summary(SummaryArgs),
    /// シート 1 枚を PNG の画像にします（確認やメール用）。
    #[command(after_help = "例:\n  welfare-sheets preview --goal 14")]
    Preview(PreviewArgs),
    /// 次の年度の空の行を、すべての実施目標に足します（ファイルの注釈や並びはそのまま）。
    #[command(after_help = "例:\n  welfare-sheets new-year")]
    NewYear(NewYearArgs),
    /// 新しい計画（次の計画期間など）のデータを、空のフォルダに見本つきで作ります。
    #[command(after_help = "例:\n  welfare-sheets init 第三次計画 --from R3 --to R7")]
    Init(InitArgs),
    /// 各担当課に送る記入用の Excel ファイル（実施目標ごとのシート）を作ります。
    #[command(
        after_help = "例:\n  welfare-sheets forms\n  welfare-sheets forms --year R2 --by goal --out-dir 記入用\n  welfare-sheets forms --remarks"
    )]
    Forms(FormsArgs),
    /// 返ってきた記入用ファイルをデータに取り込みます（すべて正しいときだけ書き換えます）。
    #[command(
        after_help = "例:\n  welfare-sheets import 回収\n  welfare-sheets import 高齢福祉課.xlsx --dry-run"
    )]
    Import(ImportArgs),
    /// 記入状況（足りない欄、返ってきたファイル）を表示します。そろっていれば終了コード 0、足りなければ 1。
    #[command(after_help = "例:\n  welfare-sheets status\n  welfare-sheets status --forms 回収")]
    Status(StatusArgs),
    /// データを書き換えるたびに資料8を作り直します。
    #[command(after_help = "例:\n  welfare-sheets watch")]
    Watch(WatchArgs),
    /// データファイルの JSON Schema（エディタの入力補助）を表示します（--data のデータの様式のもの）。
    #[command(after_help = "例:\n  welfare-sheets schema --data data > data/schema.json")]
    Schema(SchemaArgs),
    /// データの進行管理シートの様式（欄・列・見出し）を表示します。写して sheet.yaml にすると、様式を変えられます。
    #[command(
        after_help = "例:\n  welfare-sheets sheet > 様式.yaml\n  （できた 様式.yaml を直し、data フォルダに sheet.yaml の名前で移します。data の中へ直接書き出すと、読む前に空のファイルができて読めません）"
    )]
    Sheet(DatasetArgs),
    /// 公式の typst コマンドで組める Typst のプロジェクトを書き出します（開発者向け）。
    #[command(after_help = "例:\n  welfare-sheets eject 組版プロジェクト")]
    Eject(EjectArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Csv,
    Markdown,
}

/// The dataset of a command that lays nothing out.
#[derive(Debug, Args, Clone)]
pub struct DatasetArgs {
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// このデータの様式の Schema を表示します（省略時: 防府市の様式）。
    #[arg(long, value_name = "データ")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
    /// このフォルダのフォントも使います（同梱のフォントはいつも使います）。
    #[arg(long = "font-path", value_name = "フォルダ")]
    pub font_paths: Vec<PathBuf>,
    /// 同梱のフォントにない文字を、このパソコンのフォントで探しません（その文字はエラーになります）。
    #[arg(long)]
    pub no_system_fonts: bool,
    /// 前回までに覚えた各シートの組み方（文字の大きさ）を使わず、すべて組み直します（出来上がりは同じです）。
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 書き出すフォルダ（省略時: out）。
    #[arg(long, default_value = "out", value_name = "フォルダ")]
    pub out_dir: PathBuf,
    /// 報告する年度（28・H30・R1・2019 など。省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 保存用の報告書（全年度、目標ごとの PDF）も <フォルダ>/archive に作ります。
    #[arg(long)]
    pub archive: bool,
    /// ホームページに載せる版も <フォルダ>/web に作ります。
    #[arg(long)]
    pub web: bool,
}

#[derive(Debug, Args)]
pub struct WebArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 報告する年度（28・H30・R1・2019 など。省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 書き出すフォルダ（省略時: out/web）。中身をそのままホームページに載せられます。
    #[arg(long, default_value = "out/web", value_name = "フォルダ")]
    pub out_dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct SheetsArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 報告する年度（28・H30・R1・2019 など）。その年度までは結果を、次の年度は取組の内容だけを載せます（省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// この番号の実施目標だけを載せます。何度でも指定できます。
    #[arg(long = "goal", value_name = "番号")]
    pub goals: Vec<u32>,
    /// 書き出す PDF（省略時: out/sheets.pdf）。
    #[arg(short, long, default_value = "out/sheets.pdf", value_name = "ファイル")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BookletArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 報告する年度（省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 書き出す PDF（省略時: out/<西暦>-<年度>-booklet.pdf）。
    #[arg(short, long, value_name = "ファイル")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 書き出すフォルダ（省略時: out/archive）。
    #[arg(long, default_value = "out/archive", value_name = "フォルダ")]
    pub out_dir: PathBuf,
    /// 実施目標ごと・年度ごとの PDF も作ります。
    #[arg(long)]
    pub split: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// シートを組んで確かめる年度（省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 警告（続きのページがつくシート、このパソコンのフォントで描く文字）も失敗とします。
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub data: DatasetArgs,
    /// この年度までを載せます（省略時: 計画期間のすべての年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 形式: csv か markdown（省略時: csv）。
    #[arg(long, value_enum, default_value = "csv", value_name = "形式")]
    pub format: SummaryFormat,
    /// CSV の先頭に BOM を付けます（Excel で開くときに文字化けしません）。
    #[arg(long)]
    pub bom: bool,
    /// 評価の一覧の代わりに、前の年度から評価が上がった・下がった実施目標を表示します（年度の省略時: 結果のある最後の年度）。
    #[arg(long, conflicts_with = "indicators")]
    pub changes: bool,
    /// 評価の一覧の代わりに、指標（基準値・目標値・実績値・達成率・判定）の一覧を CSV で表示します。
    #[arg(long)]
    pub indicators: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 画像にする実施目標の番号。
    #[arg(long, value_name = "番号")]
    pub goal: u32,
    /// 報告する年度（省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 書き出す PNG（省略時: out/goal-<番号>.png）。
    #[arg(short, long, value_name = "ファイル")]
    pub output: Option<PathBuf>,
    /// 解像度（1 インチあたりの点の数、省略時: 100）。
    #[arg(long, default_value_t = 100.0, value_name = "dpi")]
    pub dpi: f32,
}

#[derive(Debug, Args)]
pub struct NewYearArgs {
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
    /// 計画期間の後の年度でも足し、計画期間を延ばします。
    #[arg(long)]
    pub extend: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// データを作るフォルダ（新しいフォルダか空のフォルダ）。
    #[arg(value_name = "フォルダ")]
    pub dir: PathBuf,
    /// 計画期間の初年度（R3 など）か、前の計画のデータのフォルダ（その実施目標を引き継ぎ、次の年度から始めます）。省略時: R3。
    #[arg(long, value_name = "年度かフォルダ")]
    pub from: Option<String>,
    /// 計画期間の最終年度（省略時: 初年度から 5 年、前の計画からは同じ長さ）。
    #[arg(long, value_name = "年度")]
    pub to: Option<FiscalYear>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// 書き出す PDF（省略時: out/sheets.pdf）。
    #[arg(short, long, default_value = "out/sheets.pdf", value_name = "ファイル")]
    pub output: PathBuf,
    /// このフォルダのテンプレートも見張り、同じ名前の組み込みテンプレートの代わりに使います（開発者向け）。
    #[arg(long, value_name = "フォルダ")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormsBy {
    Owner,
    Goal,
}

#[derive(Debug, Args)]
pub struct FormsArgs {
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
    /// 記入してもらう年度（省略時: いま集めている年度。結果のある最後の年度の次）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 書き出すフォルダ（省略時: forms）。
    #[arg(long, default_value = "forms", value_name = "フォルダ")]
    pub out_dir: PathBuf,
    /// ファイルの分け方: owner（担当ごと）か goal（実施目標ごと）（省略時: 担当が書いてあれば owner）。
    #[arg(long, value_enum, value_name = "分け方", conflicts_with = "remarks")]
    pub by: Option<FormsBy>,
    /// 推進委員会の意見等を書いてもらうファイル（意見等.xlsx）を一つ作ります（年度の省略時: 結果のある最後の年度）。
    #[arg(long)]
    pub remarks: bool,
    /// 書き出すフォルダに、まだ取り込んでいない記入のあるファイルがあっても作り直します（その記入は消えます）。
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 返ってきた記入用ファイル（.xlsx・.xlsm・.xls・.ods）か、それを集めたフォルダ。いくつでも書けます（省略時: 回収 フォルダ）。
    #[arg(value_name = "ファイル", default_value = "回収")]
    pub paths: Vec<PathBuf>,
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
    /// 変わるところを表示するだけで、データは書き換えません。
    #[arg(long)]
    pub dry_run: bool,
    /// 記入用ファイルを作った後でデータが変わっていても取り込みます。
    #[arg(long)]
    pub force: bool,
    /// いま集めている年度のものでなくても、この年度の記入用ファイルを取り込みます（報告済みの年度を直すとき）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// 確かめる PDF か、PDF の入ったフォルダ（下のフォルダも探します。省略時: out/archive）。
    #[arg(value_name = "PDFかフォルダ", default_value = "out/archive")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// データの YAML ファイルか、そのフォルダ（省略時: data）。
    #[arg(long, default_value = "data", value_name = "データ")]
    pub data: PathBuf,
    /// 記入状況を見る年度（省略時: いま集めている年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// 返ってきた記入用ファイルを集めたフォルダ。どれが返ってきたかも表示します（フォルダを省くと 回収）。
    #[arg(long, value_name = "フォルダ", num_args = 0..=1, default_missing_value = "回収")]
    pub forms: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EjectDocument {
    Sheets,
    Booklet,
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// プロジェクトを書き出すフォルダ。
    #[arg(value_name = "フォルダ")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub data: DatasetArgs,
    /// 報告する年度（省略時: 結果のある最後の年度）。
    #[arg(long, value_name = "年度")]
    pub year: Option<FiscalYear>,
    /// main.typ が組む文書: sheets（資料8）か booklet（冊子）（省略時: sheets）。
    #[arg(long, value_enum, default_value = "sheets", value_name = "文書")]
    pub document: EjectDocument,
}

/// The help text's layout, with Japanese headings. clap fills in the parts
/// in braces; `{positionals}`, `{options}` and `{subcommands}` are lists
/// without clap's English headings.
fn template(positionals: bool, subcommands: bool) -> String {
    let mut template = String::from("{about-with-newline}\n使い方: {usage}\n");
    if subcommands {
        template += "\nコマンド:\n{subcommands}\n";
    }
    if positionals {
        template += "\n引数:\n{positionals}\n";
    }
    template += "\nオプション:\n{options}{after-help}";
    template
}

/// The usage line of a command, with Japanese placeholders.
fn usage(command: &clap::Command, bin: &str) -> String {
    let name = command.get_name();
    let mut line = if name == bin {
        format!("{bin} [コマンド]")
    } else {
        format!("{bin} {name}")
    };
    for positional in command.get_positionals() {
        let value = positional
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| positional.get_id().to_string(), ToString::to_string);
        line += &format!(" <{value}>");
    }
    line + " [オプション]"
}

fn localise(command: clap::Command, bin: &str) -> clap::Command {
    let positionals = command.get_positionals().next().is_some();
    let subcommands = command.has_subcommands();
    let usage = usage(&command, bin);
    command
        .help_template(template(positionals, subcommands))
        .override_usage(usage)
        .disable_help_flag(true)
        .mut_args(|arg| {
            if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        })
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("この使い方を表示します。"),
        )
        .mut_subcommands(|sub| localise(sub, bin))
}

/// The command line as clap should parse it: the derive definitions with
/// every piece of clap's own English replaced by Japanese.
pub fn command() -> clap::Command {
    let command = Cli::command()
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("版（バージョン）を表示します。"),
        );
    let bin = command.get_name().to_owned();
    localise(command, &bin)
}
