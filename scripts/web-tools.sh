#!/bin/sh
# scripts/web-tools.sh [DIR] — installs the checkers the web edition's tests
# run, into DIR (default: target/web-tools). Idempotent and silent when all
# is there already; prints what failed otherwise.
#   DIR/node_modules/axe-core/axe.min.js          (npm axe-core)
#   DIR/node_modules/vnu-jar/build/dist/vnu.jar   (npm vnu-jar; runs on Java 17+)
#   DIR/python/selenium                           (PyPI selenium, only when
#                                                  python3 cannot import it)
# Needs npm, python3 with pip, java, and Debian's chromium and
# chromium-driver (fonts-noto-cjk for Japanese in the screenshots):
#   apt-get install chromium chromium-driver default-jre-headless npm fonts-noto-cjk
set -eu
AXE_VERSION=4.14.1
VNU_VERSION=26.9.27
SELENIUM_VERSION=4.51.0

DIR=${1:-$(dirname "$0")/../target/web-tools}
mkdir -p "$DIR"

have() { # have PACKAGE VERSION
    f="$DIR/node_modules/$1/package.json"
    [ -f "$f" ] && grep -q "\"version\": *\"$2\"" "$f"
}

if ! have axe-core "$AXE_VERSION" || ! have vnu-jar "$VNU_VERSION" \
   || [ ! -f "$DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    log=$(mktemp)
    # --ignore-scripts: vnu-jar's postinstall would fetch a JDK of its own
    # when it thinks java is missing; the machine's java runs it.
    if ! npm install --prefix "$DIR" --no-audit --no-fund --no-update-notifier \
            --ignore-scripts --save-exact \
            "axe-core@$AXE_VERSION" "vnu-jar@$VNU_VERSION" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; exit 1
    fi
    rm -f "$log"
fi

# selenium: the interpreter's own when it has one, else a private copy in
# DIR/python (check_pages.py puts it on sys.path); --target sidesteps
# Debian's "externally-managed-environment" refusal.
if ! PYTHONPATH="$DIR/python${PYTHONPATH:+:$PYTHONPATH}" python3 -c 'import selenium' >/dev/null 2>&1; then
    log=$(mktemp)
    if ! python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
            --target "$DIR/python" "selenium==$SELENIUM_VERSION" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; exit 1
    fi
    rm -f "$log"
fi

for f in "$DIR/node_modules/axe-core/axe.min.js" "$DIR/node_modules/vnu-jar/build/dist/vnu.jar"; do
    [ -s "$f" ] || { echo "web-tools.sh: $f is missing after the install" >&2; exit 1; }
done
