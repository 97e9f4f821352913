#!/usr/bin/env bash
# Fetch veraPDF, the PDF Association's reference validator for PDF/A and
# PDF/UA, from Maven Central (org.verapdf.apps:cli) into a folder the tests
# find it in.
#
# Usage: scripts/fetch-verapdf.sh [DIR]   (default: target/tools/verapdf)
#
# The cli jar on Central already holds all its dependencies, so only that
# one jar is copied (maven-dependency-plugin's `copy`). Idempotent: with the
# jar already in DIR nothing is downloaded. A failed download leaves DIR as
# it was. Needs java (17) and mvn.
# Environment:
#   VERAPDF_VERSION   version of org.verapdf.apps:cli (default 1.30.2)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${VERAPDF_VERSION:-1.30.2}
dir=${1:-$root/target/tools/verapdf}
jar=$dir/cli-$version.jar
main_class=org.verapdf.apps.GreenfieldCliWrapper

[[ -s $jar ]] && exit 0
for tool in java mvn; do
    command -v "$tool" >/dev/null || {
        echo "fetch-verapdf.sh: $tool not found (apt-get install openjdk-17-jre-headless maven)" >&2
        exit 1
    }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! mvn -B -q -ntp -Dstyle.color=never \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    "-Dartifact=org.verapdf.apps:cli:$version" "-DoutputDirectory=$work" \
    >"$work/mvn.log" 2>&1; then
    echo "fetch-verapdf.sh: mvn could not fetch org.verapdf.apps:cli:$version:" >&2
    cat "$work/mvn.log" >&2
    exit 1
fi
if ! java -cp "$work/cli-$version.jar" "$main_class" --version 2>&1 | grep -q "veraPDF $version"; then
    echo "fetch-verapdf.sh: the fetched veraPDF does not start" >&2
    exit 1
fi
mkdir -p "$dir"
mv -f "$work/cli-$version.jar" "$jar"
