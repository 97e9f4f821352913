#!/usr/bin/env bash
# Build the release zips:
#   dist/welfare-sheets-<version>-linux-x64.zip
#   dist/welfare-sheets-<version>-windows-x64.zip
#
# Usage: scripts/release.sh [--no-build] [linux|windows|all]...   (default: all)
#   --no-build   package the binaries already built in the target folder
#                (release/ and x86_64-pc-windows-gnu/release/)
#
# Each zip holds one top-level folder named like the zip, with:
#   welfare-sheets(.exe)   the program (release profile, symbols stripped)
#   data/                  the bundled dataset, as an example
#   schema.json            JSON Schema of a data file (for editors)
#   fonts/OFL.txt          licence of the fonts built into the program
#   使い方.txt             the clerks' guide (packaging/使い方.txt)
#   回収/                  Windows only: an empty folder for the returned forms
#   *.cmd                  Windows only: double-click launchers (packaging/windows)
# In the Windows zip the .txt files get CRLF line ends and, when not plain
# ASCII, a UTF-8 byte-order mark so every Notepad shows them right. data/ and
# schema.json are copied byte for byte on both platforms (the program reads
# them; the outputs must not depend on the platform).
#
# Needs: cargo, python3 (zipfile, standard library; no `zip` binary needed).
# Windows build also needs (Debian 12):
#   rustup target add x86_64-pc-windows-gnu
#   apt-get install --no-install-recommends gcc-mingw-w64-x86-64-win32
# Environment:
#   CARGO_TARGET_DIR   honoured (default: cargo's own, i.e. ./target)
#   CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER   default x86_64-w64-mingw32-gcc
#   RELEASE_STRIP      1 (default): strip the symbols from the packaged copy
#                      (binutils' strip, x86_64-w64-mingw32-strip); 0: keep them
#   DIST_DIR           where the zips go (default: ./dist)
#   SOURCE_DATE_EPOCH  time stamp of every zip entry (default: HEAD's commit time)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=1
platforms=()
for arg in "$@"; do
    case $arg in
        linux | windows) platforms+=("$arg") ;;
        all) platforms+=(linux windows) ;;
        --no-build) build=0 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "release.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done
[[ ${#platforms[@]} -gt 0 ]] || platforms=(linux windows)

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
dist=${DIST_DIR:-$root/dist}

# Version and target folder as cargo sees them (Cargo.toml, CARGO_TARGET_DIR,
# .cargo/config.toml all taken into account).
read -r version target_dir < <(cargo metadata --no-deps --format-version 1 --offline |
    python3 -c 'import json, sys
m = json.load(sys.stdin)
p = next(p for p in m["packages"] if p["name"] == "welfare-sheets")
print(p["version"], m["target_directory"])')

if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
    SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

if [[ -n $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    echo "release.sh: warning: the work tree has uncommitted changes; they go into the zips" >&2
fi

host=$(rustc -vV | sed -n 's/^host: //p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The binary of one platform: build it (unless --no-build) and print its path.
binary() {
    local triple=$1 exe=$2 dir
    if [[ $triple == "$host" ]]; then
        # Native build: same folder as a plain `cargo build --release`.
        dir=$target_dir/release
        [[ $build == 0 ]] || cargo build --release --locked >&2
    else
        dir=$target_dir/$triple/release
        if [[ $build == 1 ]]; then
            if [[ $triple == *windows-gnu ]] && ! command -v "$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER" >/dev/null; then
                echo "release.sh: $CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER not found;" \
                    "apt-get install --no-install-recommends gcc-mingw-w64-x86-64-win32" >&2
                exit 1
            fi
            if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$triple"; then
                echo "release.sh: Rust target $triple missing; rustup target add $triple" >&2
                exit 1
            fi
            cargo build --release --locked --target "$triple" >&2
        fi
    fi
    [[ -f $dir/$exe ]] || { echo "release.sh: $dir/$exe not found" >&2; exit 1; }
    echo "$dir/$exe"
}

# Files of a folder as git tracks them (so no stray output or editor backup
# lands in the zip); a plain copy when this is not a git work tree.
copy_tree() {
    local from=$1 to=$2
    if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$root" ls-files -z -- "$from" | while IFS= read -r -d '' f; do
            [[ -f $f ]] || continue # tracked but deleted in the work tree
            mkdir -p "$to/$(dirname "$f")"
            cp -p "$f" "$to/$f"
        done
    else
        cp -Rp "$from" "$to/"
    fi
}

# Symbols go from the packaged copy, not through the release profile
# (CARGO_PROFILE_RELEASE_STRIP=true): a profile change makes cargo rebuild
# every crate apart from a plain `cargo build --release`, e.g. the one the
# Wine smoke test runs on; the result is the same size (75,163,648 vs 75,167,232 bytes for the .exe).
strip_copy() { # strip_copy TRIPLE FILE
    [[ ${RELEASE_STRIP:-1} == 1 ]] || return 0
    local tool=strip
    [[ $1 != *windows-gnu ]] || tool=x86_64-w64-mingw32-strip
    if command -v "$tool" >/dev/null; then
        "$tool" --strip-all "$2"
    else
        echo "release.sh: $tool not found, $(basename "$2") keeps its symbols" >&2
    fi
}

package() {
    local platform=$1 triple=$2 exe=$3
    local bin name stage
    bin=$(binary "$triple" "$exe")
    name=welfare-sheets-$version-$platform
    stage=$work/$platform
    mkdir -p "$stage/$name/fonts"

    cp "$bin" "$stage/$name/$exe"
    chmod 755 "$stage/$name/$exe"
    strip_copy "$triple" "$stage/$name/$exe"
    (cd "$root" && copy_tree data "$stage/$name")
    cp schema.json "$stage/$name/"
    cp fonts/OFL.txt "$stage/$name/fonts/"
    cp packaging/使い方.txt "$stage/$name/"
    if [[ $platform == windows-* ]]; then
        cp packaging/windows/*.cmd "$stage/$name/"
        mkdir "$stage/$name/回収"
    fi

    mkdir -p "$dist"
    rm -f "$dist/$name.zip"
    python3 - "$stage" "$name" "$dist/$name.zip" "$platform" <<'PY'
import os, sys, time, zipfile

stage, name, out, platform = sys.argv[1:]
windows = platform.startswith("windows")
stamp = time.gmtime(max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800))[:6]

def text_for_windows(path, data):
    """CRLF line ends for the guide and licence; a BOM when not ASCII, so an
    old Notepad does not read UTF-8 as Shift_JIS."""
    if not path.endswith(".txt"):
        return data
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not data.isascii():
        data = b"\xef\xbb\xbf" + data
    return data

entries = []
for dirpath, dirnames, filenames in os.walk(os.path.join(stage, name)):
    dirnames.sort()
    if not dirnames and not filenames:
        entries.append(dirpath + os.sep)  # an empty folder travels too
    for f in sorted(filenames):
        entries.append(os.path.join(dirpath, f))

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for path in entries:
        arc = os.path.relpath(path, stage).replace(os.sep, "/")
        if path.endswith(os.sep):
            info = zipfile.ZipInfo(arc + "/", date_time=stamp)
            info.create_system = 3
            info.external_attr = (0o040755 << 16) | 0x10
            z.writestr(info, b"")
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        if windows:
            data = text_for_windows(arc, data)
        info = zipfile.ZipInfo(arc, date_time=stamp)
        # zipfile sets the UTF-8 flag (bit 11) by itself for non-ASCII names
        # such as 使い方.txt; Explorer and 7-Zip then show them right.
        info.create_system = 3  # Unix, so the permission bits below count
        mode = os.stat(path).st_mode & 0o777
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data, compresslevel=9)
PY
    (cd "$dist" && sha256sum "$name.zip" >"$name.zip.sha256")
    echo "$dist/$name.zip ($(du -h "$dist/$name.zip" | cut -f1))"
}

for platform in "${platforms[@]}"; do
    case $platform in
        linux) package linux-x64 x86_64-unknown-linux-gnu welfare-sheets ;;
        windows) package windows-x64 x86_64-pc-windows-gnu welfare-sheets.exe ;;
    esac
done
