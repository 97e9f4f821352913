#!/usr/bin/env bash
# The test command: installs, as root (or through sudo), everything the
# tests check against, then runs them. On a fresh machine this is all it
# takes; on a prepared one every step finds its tool and does nothing.
#
# Usage: scripts/test.sh [cargo test arguments...]
#
# What it installs, and for which tests:
#   Debian  poppler-utils, qpdf      the reference PDF readers
#           libreoffice-calc-nogui   another office suite re-saving a form,
#                                    and a foreign PDF for verify and veraPDF
#           gcc-mingw-w64-x86-64-win32, wine64, locales
#                                    the Windows .exe, run by a Japanese Wine
#           openjdk-17-jre-headless, maven
#                                    veraPDF's runtime and its fetcher
#           chromium, chromium-driver, fonts-noto-cjk, npm
#                                    the web edition in a real browser
#   rustup  x86_64-pc-windows-gnu    the Windows standard library
#   PyPI    openpyxl, msoffcrypto-tool
#                                    a section filling a form; a password on it
#   Maven   org.verapdf.apps:cli     veraPDF (scripts/fetch-verapdf.sh)
#   npm     axe-core, vnu-jar        the accessibility and HTML checkers,
#   PyPI    selenium                 and the browser's driver
#                                    (scripts/web-tools.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

packages=()
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null || packages+=(poppler-utils)
command -v qpdf >/dev/null || packages+=(qpdf)
command -v soffice >/dev/null || packages+=(libreoffice-calc-nogui)
command -v x86_64-w64-mingw32-gcc >/dev/null || packages+=(gcc-mingw-w64-x86-64-win32)
[ -x /usr/lib/wine/wine64 ] || packages+=(wine64)
[ -f /usr/share/i18n/locales/ja_JP ] || packages+=(locales)
command -v java >/dev/null || packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || packages+=(maven)
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
command -v npm >/dev/null || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}" >&2
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${packages[@]}" >/dev/null
fi

rustup target list --installed | grep -qx x86_64-pc-windows-gnu \
  || rustup target add x86_64-pc-windows-gnu

python3 -c "import openpyxl, msoffcrypto" 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check openpyxl msoffcrypto-tool

scripts/fetch-verapdf.sh
sh scripts/web-tools.sh

cargo test "$@"
