//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use welfare_sheets::data::diagnostic::Diagnostic;
use welfare_sheets::data::{Dataset, load_dataset};
use welfare_sheets::documents::packet::{Packet, PacketRequest, make_packet};
use welfare_sheets::typeset::world::SheetWorld;

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

/// The welfare-sheets binary, as a clerk would run it. Its fit memo lives
/// in one folder for the whole test run, emptied when the run starts,
/// rather than in the user's cache.
pub fn welfare_sheets() -> Command {
    static CACHE: OnceLock<PathBuf> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fit-memo");
        let _ = std::fs::remove_dir_all(&dir);
        dir
    });
    let mut command = Command::new(env!("CARGO_BIN_EXE_welfare-sheets"));
    command.env(welfare_sheets::typeset::memo::CACHE_ENV, cache);
    command
}

/// Runs `command`, failing the test with its stderr unless it succeeded.
pub fn succeed(command: &mut Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
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

/// What a test says when an outside tool is missing: the step that
/// installs it (`scripts/test.sh` runs them all).
pub fn install_hint(tool: &str) -> String {
    let tool = tool.rsplit('/').next().unwrap_or(tool);
    let step = match tool {
        "pdftotext" | "pdfinfo" | "pdffonts" | "pdftoppm" => "apt-get install poppler-utils",
        "qpdf" => "apt-get install qpdf",
        "soffice" => "apt-get install libreoffice-calc-nogui",
        "openpyxl" => "python3 -m pip install openpyxl",
        "msoffcrypto" => "python3 -m pip install msoffcrypto-tool",
        "wine" | "wine64" | "wineserver" => "apt-get install wine64",
        "x86_64-w64-mingw32-gcc" => "apt-get install gcc-mingw-w64-x86-64-win32",
        "localedef" => "apt-get install locales",
        "java" => "apt-get install openjdk-17-jre-headless",
        "verapdf" => "scripts/fetch-verapdf.sh",
        _ => "see scripts/test.sh",
    };
    format!("{tool} is needed: {step} (scripts/test.sh does every such step, then runs the tests)")
}

/// Runs a reference tool (poppler, qpdf) on `pdf` and returns what it
/// printed; `args` go before the file, `after` after it.
pub fn tool_with(name: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", install_hint(name)));
    assert!(
        output.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs a reference tool on `pdf` with `args` before it.
pub fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    tool_with(name, args, pdf, &[])
}

/// The text poppler reads from `pdf`, written to stdout (`-`, not a `.txt`
/// beside the PDF); `args` such as `-layout`.
pub fn pdftotext(args: &[&str], pdf: &Path) -> String {
    tool_with("pdftotext", args, pdf, &["-"])
}

/// The 1-based line and column (in characters) where `needle` first
/// stands in `text`, plus `offset` characters.
pub fn at(text: &str, needle: &str, offset: usize) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the fixture"));
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..byte].chars().count() + 1 + offset;
    (line, column)
}

/// `file:line:col` for `needle` (plus `offset`) in `text`, file relative to `dir`.
pub fn location(dir: &Path, file: &str, text: &str, needle: &str, offset: usize) -> String {
    let (line, column) = at(text, needle, offset);
    format!("{}:{line}:{column}", dir.join(file).display())
}

/// Loads a dataset of `files` (plan.yaml is added unless given) and expects
/// it to fail; returns the folder and the diagnostics.
pub fn load_errors(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<Diagnostic>) {
    let mut all: Vec<(&str, &str)> = files.to_vec();
    if !files.iter().any(|(name, _)| *name == "plan.yaml") {
        all.insert(0, ("plan.yaml", PLAN_YAML));
    }
    let dir = dataset_dir(&all);
    let err = load_dataset(dir.path()).expect_err("the dataset should be refused");
    (dir, err.diagnostics)
}

/// The one diagnostic whose message contains `needle`.
pub fn the<'a>(diagnostics: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic with {needle:?} expected in:\n{}",
        render_all(diagnostics)
    );
    found[0]
}

pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

pub const GOAL_HEAD: &str = "goals:\n  - no: 5\n    content: 内容\n    target: 目標\n";

/// The kinds of structure element (`/P`, `/Table`, `/H1` …) the tagged
/// PDF at `pdf` holds, as qpdf reads them.
pub fn structure_kinds(pdf: &Path) -> std::collections::BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=qpdf"], pdf)).unwrap();
    json["qpdf"][1]
        .as_object()
        .expect("qpdf lists the objects")
        .values()
        .filter_map(|object| object.get("value"))
        .filter(|value| value["/Type"] == "/StructElem")
        .filter_map(|value| value["/S"].as_str().map(str::to_owned))
        .collect()
}

/// The words of `text` a Japanese reader could not read: ASCII words other
/// than flags (`--year`), paths and file names (`out/a.pdf`), and the names
/// and terms a clerk meets as they are (`allowed`, plus command names and
/// PDF, YAML, Excel …).
pub fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    const TERMS: &[&str] = &[
        "welfare-sheets",
        "PDF",
        "SHA256SUMS",
        "YAML",
        "Excel",
        "CSV",
        "csv",
        "Markdown",
        "markdown",
        "PNG",
        "JSON",
        "Schema",
        "Typst",
        "typst",
        "UTF-8",
        "UTF-16",
        "BOM",
        "dpi",
        "pt",
        "VS",
        "Code",
        "Ctrl",
        "No",
        "CD",
        "KiB",
        "MiB",
        "mm",
        "LibreOffice",
        "Windows",
        "Shift_JIS",
        "CP932",
        "build",
        "sheets",
        "booklet",
        "archive",
        "check",
        "summary",
        "preview",
        "new-year",
        "init",
        "watch",
        "schema",
        "eject",
        "sheet",
        "web",
        "verify",
        "forms",
        "import",
        "status",
        "plan",
        "goals",
        "data",
        "out",
        "main",
        "fonts",
        "compile",
        "xlsx",
        "xls",
        "xlsm",
        "ods",
        "owner",
        "goal",
        "remarks",
        "README",
        "Enter",
        "Alt",
    ];
    let mut out = Vec::new();
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let w = std::mem::take(word);
        let w = w.trim_end_matches(['.', ',', ':', ')', '>']);
        let is_flag = w.starts_with('-');
        let is_path = w.contains('/') || w.contains('.') || w.contains('\\');
        let has_letters = w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2;
        if has_letters && !is_flag && !is_path && !TERMS.contains(&w) && !allowed.contains(&w) {
            out.push(w.to_owned());
        }
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-_./\\+".contains(c) {
            word.push(c);
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    out
}

/// Whether `text` has Japanese in it (kana or kanji).
pub fn has_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// Every file below `dir` with its bytes, by path relative to it.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_owned(), bytes);
            }
        }
    }
    out
}

/// Runs the program with `args` in `dir` (or here); its exit code, stdout
/// and stderr.
pub fn run_in(
    dir: Option<&Path>,
    args: &[impl AsRef<std::ffi::OsStr>],
) -> (Option<i32>, String, String) {
    let mut command = welfare_sheets();
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A goal's 関係取組・事業 (empty when it has none).
pub fn programmes(
    goal: &welfare_sheets::data::model::Goal,
) -> welfare_sheets::data::model::Programmes {
    match goal.fields.get("programmes") {
        Some(welfare_sheets::data::model::Value::Programmes(p)) => p.clone(),
        _ => Default::default(),
    }
}

/// A goal's 年次計画 (empty when it has none).
pub fn schedule(goal: &welfare_sheets::data::model::Goal) -> welfare_sheets::data::model::Schedule {
    match goal.fields.get("schedule") {
        Some(welfare_sheets::data::model::Value::Schedule(s)) => s.clone(),
        _ => Default::default(),
    }
}

// ------------------------------------------------ the yearly collection

/// A copy of the bundled dataset in which goals 5 and 14 belong to
/// 高齢福祉課 (the bundled dataset names no owners).
pub fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bundled_data(), &dir.path().join("data"));
    for goal in ["05", "14"] {
        let path = dir.path().join(format!("data/goals/{goal}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let owned = text.replacen("\n    years:", "\n    owners: [高齢福祉課]\n    years:", 1);
        assert_ne!(owned, text);
        std::fs::write(&path, owned).unwrap();
    }
    dir
}

/// Runs the program in `dir`; exit code, stdout and stderr.
pub fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_in(Some(dir), args)
}

/// Fills `form` into `filled` with openpyxl, as `entries` (JSON) say.
pub fn fill(form: &Path, filled: &Path, entries: &serde_json::Value) {
    let spec = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(spec.path(), entries.to_string()).unwrap();
    let script = root().join("tests/fixtures/workflow/fill_form.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(form)
        .arg(filled)
        .arg(spec.path())
        .output()
        .expect("python3 is needed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named"),
        "{}: {stderr}",
        install_hint("openpyxl")
    );
    assert!(output.status.success(), "openpyxl: {stderr}");
}

/// Converts `file` with LibreOffice Calc in headless mode into `format`
/// (ods, xlsx, xls) in `out`; returns the new file.
pub fn soffice(file: &Path, format: &str, out: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let filter = match format {
        "xls" => "xls:MS Excel 97",
        "xlsx" => "xlsx:Calc MS Excel 2007 XML",
        other => other,
    };
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", install_hint("soffice")));
    let converted = out.join(file.file_stem().unwrap()).with_extension(format);
    // soffice exits 0 even when it could not convert: the file tells.
    assert!(
        converted.exists(),
        "soffice did not write {}: {}",
        converted.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}

/// What a section writes for No.5 (R2) and No.14.
pub fn answers() -> serde_json::Value {
    serde_json::json!([
        {"sheet": "No.5", "year": "R2", "column": "取組の結果：内容と成果",
         "text": "ボランティア講座を4回開きました。\r\n参加者は延べ120人です。  \n・入門講座 2回\n・手話講座 2回"},
        {"sheet": "No.5", "year": "R2", "column": "取組の結果：課題", "text": "若い世代の参加が少ないことです。"},
        {"sheet": "No.5", "year": "R2", "column": "評価", "text": "Ｂ"},
        {"sheet": "No.14", "year": "R2", "column": "取組の結果：内容と成果", "text": "【研修会】\n・相談支援研修 3回"},
        {"sheet": "No.14", "year": "R2", "column": "取組の結果：課題", "number": 3},
        {"sheet": "No.14", "year": "R2", "column": "評価", "text": "c"},
    ])
}

/// Fails naming the files that differ between two snapshots (never their
/// bytes, which would bury the message).
pub fn assert_same_files(
    got: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    expected: &std::collections::BTreeMap<PathBuf, Vec<u8>>,
    why: &str,
) {
    let differ: Vec<String> = got
        .keys()
        .chain(expected.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|path| got.get(*path) != expected.get(*path))
        .map(|path| path.display().to_string())
        .collect();
    assert!(differ.is_empty(), "{why}: these differ: {differ:?}");
}
