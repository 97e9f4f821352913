//! On the clerk's PC: the Windows release zip, as `scripts/release.sh` makes
//! it, run under Wine (Debian's, set up as Japanese Windows): the `.exe`
//! from the zip builds the packet and booklet from the zip's example data
//! into a folder with a Japanese name, byte-identical to the Linux build's;
//! a bad data file gets the same Japanese diagnostic; a double-click
//! launcher runs through `cmd /c`.
//!
//! The cross build takes minutes; `scripts/test.sh` installs mingw-w64, Wine, the
//! Japanese locale's sources and the Rust target.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// A program the test needs, found where Debian puts it.
fn tool(candidates: &[&str]) -> PathBuf {
    for candidate in candidates {
        let path = Path::new(candidate);
        if path.is_absolute() && path.exists() {
            return path.to_owned();
        }
        if let Ok(found) = Command::new("sh")
            .args(["-c", &format!("command -v {candidate}")])
            .output()
            && found.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
        }
    }
    panic!("{}", install_hint(candidates[0]));
}

/// A Wine prefix of its own, set up as Japanese Windows, killed on drop.
struct Wine {
    wine: PathBuf,
    server: PathBuf,
    prefix: tempfile::TempDir,
    locales: tempfile::TempDir,
}

impl Wine {
    fn new() -> Wine {
        let wine = tool(&["/usr/lib/wine/wine64", "wine64", "wine"]);
        let server = tool(&["/usr/lib/wine/wineserver", "wineserver"]);
        let locales = tempfile::tempdir().unwrap();
        // Wine takes its code pages from the Unix locale: ja_JP.UTF-8 makes
        // it Japanese Windows (OEM code page 932), built here without root.
        let locale = locales.path().join("ja_JP.UTF-8");
        std::fs::create_dir(&locale).unwrap();
        let made = Command::new("localedef")
            .args(["-i", "ja_JP", "-f", "UTF-8"])
            .arg(&locale)
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", install_hint("localedef")));
        assert!(
            locale.join("LC_CTYPE").exists(),
            "the ja_JP locale sources are needed (Debian's `locales`): {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let wine = Wine {
            wine,
            server,
            prefix: tempfile::tempdir().unwrap(),
            locales,
        };
        let boot = wine.run(Path::new("/"), &["wineboot", "--init"]);
        assert!(
            boot.status.success(),
            "wineboot: {}",
            String::from_utf8_lossy(&boot.stderr)
        );
        wine.wait();
        wine
    }

    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env("WINEPREFIX", self.prefix.path())
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko installer, no menu entries.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=;winemenubuilder.exe=d")
            .env("LOCPATH", self.locales.path())
            .env("LC_ALL", "ja_JP.UTF-8")
            .env_remove("DISPLAY")
            .stdin(std::process::Stdio::null());
        command
    }

    /// Runs `args` (a Windows program and its arguments) in `dir`.
    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(&self.wine)
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap()
    }

    /// Waits until Wine's server has finished (what `wineboot` started).
    fn wait(&self) {
        let _ = self.command(&self.server).arg("-w").status();
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        let _ = self.command(&self.server).arg("-k").status();
    }
}

/// Unpacks `zip` into `into` with Python's zipfile (what Explorer's
/// "すべて展開" does, names in UTF-8).
fn unzip(zip: &Path, into: &Path) -> Vec<String> {
    let listed = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nz.extractall(sys.argv[2])\nprint('\\n'.join(z.namelist()))",
        ])
        .arg(zip)
        .arg(into)
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_windows_release_runs_under_wine_like_the_linux_build() {
    let work = tempfile::tempdir().unwrap();

    // The zip, as the release script makes it.
    let dist = work.path().join("dist");
    let release = Command::new("bash")
        .arg(root().join("scripts/release.sh"))
        .arg("windows")
        .env("DIST_DIR", &dist)
        // A target folder of its own: the test's own build holds ./target.
        .env("CARGO_TARGET_DIR", root().join("target/windows-release"))
        .output()
        .unwrap();
    assert!(
        release.status.success(),
        "release.sh: {}",
        String::from_utf8_lossy(&release.stderr)
    );
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("welfare-sheets-{version}-windows-x64");
    let zip = dist.join(format!("{name}.zip"));

    // Unpacked where a clerk might: a path with Japanese and a space.
    let place = work.path().join("作業 フォルダ");
    let entries = unzip(&zip, &place);
    let folder = place.join(&name);
    for expected in [
        "welfare-sheets.exe",
        "schema.json",
        "fonts/OFL.txt",
        "使い方.txt",
        "data/plan.yaml",
        "data/goals/01.yaml",
        "回収/",
        "資料8と冊子を作る.cmd",
        "データを点検する.cmd",
        "提出状況.cmd",
    ] {
        assert!(
            entries.contains(&format!("{name}/{expected}")),
            "{expected} is not in the zip: {entries:?}"
        );
    }
    assert!(
        !entries.iter().any(|e| e.ends_with(".dll")),
        "the zip ships no DLL"
    );
    let guide = std::fs::read(folder.join("使い方.txt")).unwrap();
    assert!(
        guide.starts_with(b"\xEF\xBB\xBF"),
        "Notepad reads it as UTF-8"
    );
    assert!(guide.windows(2).any(|w| w == b"\r\n"));

    // Debian's Wine 8 lacks bcryptprimitives.dll (every Windows 10 has it):
    // a shim beside the .exe, for this test only (packaging/wine).
    let gcc = tool(&["x86_64-w64-mingw32-gcc"]);
    let shim = Command::new(gcc)
        .args(["-shared", "-O2", "-s", "-o"])
        .arg(folder.join("bcryptprimitives.dll"))
        .arg(root().join("packaging/wine/bcryptprimitives.c"))
        .arg(root().join("packaging/wine/bcryptprimitives.def"))
        .arg("-ladvapi32")
        .output()
        .unwrap();
    assert!(
        shim.status.success(),
        "{}",
        String::from_utf8_lossy(&shim.stderr)
    );

    let wine = Wine::new();

    // The packet and the booklet from the zip's data, into 出力 テスト.
    let built = wine.run(
        &folder,
        &[
            "welfare-sheets.exe",
            "build",
            "--data",
            "data",
            "--out-dir",
            "出力 テスト",
        ],
    );
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(stderr.contains("完了: 2 ファイル、"), "{stderr}");
    let linux = work.path().join("linux");
    let native = welfare_sheets()
        .args(["build", "--data"])
        .arg(folder.join("data"))
        .arg("--out-dir")
        .arg(&linux)
        .output()
        .unwrap();
    assert!(native.status.success());
    for pdf in ["2019-R1-sheets.pdf", "2019-R1-booklet.pdf"] {
        let windows = std::fs::read(folder.join("出力 テスト").join(pdf)).unwrap();
        assert!(
            windows == std::fs::read(linux.join(pdf)).unwrap(),
            "{pdf} differs from the Linux build's"
        );
    }

    // A bad data file: the same Japanese diagnostic as on Linux.
    let goal = folder.join("data/goals/05.yaml");
    let text = std::fs::read_to_string(&goal).unwrap();
    std::fs::write(&goal, text.replacen("evaluation: C", "evaluation: E", 1)).unwrap();
    let windows = wine.run(&folder, &["welfare-sheets.exe", "check", "--data", "data"]);
    assert_eq!(windows.status.code(), Some(1));
    let native = welfare_sheets()
        .current_dir(&folder)
        .args(["check", "--data", "data"])
        .output()
        .unwrap();
    let told = |output: &Output| String::from_utf8_lossy(&output.stderr).replace('\\', "/");
    assert!(told(&windows).contains("\"E\" は使えません（A・B・C・D のいずれか）"));
    assert_eq!(told(&windows), told(&native));
    std::fs::write(&goal, text).unwrap();

    // A double-click launcher, through cmd (run from its folder: Wine's cmd
    // drops the quotes of a path with brackets or an ampersand).
    let launched = wine.run(&folder, &["cmd", "/c", "資料8と冊子を作る.cmd"]);
    let printed = String::from_utf8_lossy(&launched.stderr);
    assert!(launched.status.success(), "{printed}");
    assert!(printed.contains("完了: 2 ファイル、"), "{printed}");
    for pdf in ["2019-R1-sheets.pdf", "2019-R1-booklet.pdf"] {
        assert!(
            folder.join("out").join(pdf).exists(),
            "the launcher wrote out/{pdf}"
        );
    }

    // A data folder dropped on a launcher is the one it checks.
    let dropped = folder.join("別の データ");
    copy_dir(&folder.join("data"), &dropped);
    let goal = dropped.join("goals/05.yaml");
    let text = std::fs::read_to_string(&goal).unwrap();
    std::fs::write(&goal, text.replacen("evaluation: C", "evaluation: E", 1)).unwrap();
    let checked = wine.run(
        &folder,
        &["cmd", "/c", "データを点検する.cmd", "別の データ"],
    );
    let printed = told(&checked);
    assert!(!checked.status.success(), "{printed}");
    assert!(printed.contains("別の データ/goals/05.yaml"), "{printed}");
}
