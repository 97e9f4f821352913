#!/usr/bin/env bash
# Benchmarks of welfare-sheets against the official typst CLI on the same
# machine, same run. Needs: hyperfine, GNU time, python3, and typst 0.15.1
# (`cargo install typst-cli --version 0.15.1 --locked`). Prints a Markdown
# report; the figures in README.md come from it.
#
#   bash benches/bench.sh                       # everything
#   RUNS=10 bash benches/bench.sh               # more runs per measurement
#   ONLY="startup watch" bash benches/bench.sh  # some sections: packet all scaling startup watch hostile forms
#   SIZES="29 300" bash benches/bench.sh        # the synthetic plan sizes (default 29 100 300 1000)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
ONLY=${ONLY:-packet all scaling startup watch hostile forms}
SIZES=${SIZES:-29 100 300 1000}
want() { [[ " $ONLY " == *" $1 "* ]]; }
typst=${TYPST:-$(command -v typst || echo "$HOME/.cargo/bin/typst")}
if want packet || want all; then
  [ -x "$typst" ] || { echo "typst 0.15.1 CLI not found (cargo install typst-cli --version 0.15.1 --locked)" >&2; exit 1; }
fi
for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

cargo build --release --quiet
ws=${CARGO_TARGET_DIR:-$PWD/target}/release/welfare-sheets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1594771200   # same date for both sides

# The CLI command compiling the ejected project in $1 into $2.
cli_compile() { echo "$typst compile --ignore-system-fonts --font-path $1/fonts --root $1 --pdf-standard a-3a --pdf-standard ua-1 $1/main.typ $2"; }

# Prints a section comparing our median ($3) with the CLI's ($5): title,
# then each side's name and seconds.
compare() {
  echo "## $1, median of $RUNS"
  echo
  echo "| | seconds |"
  echo "|---|---:|"
  echo "| $2 | $3 |"
  echo "| $4 | $5 |"
  echo "| ratio ours/CLI | $(python3 -c "print('%.2f' % ($3/$5))") |"
  echo
}

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.3f' % x['median'] for x in r))" "$1"; }

echo "# welfare-sheets benchmarks ($(date -u +%F), $(nproc) cores)"
echo

if want packet || want all; then
"$ws" eject "$work/sheets" --year R1 2>/dev/null
"$ws" eject "$work/booklet" --year R1 --document booklet 2>/dev/null
cli=$(cli_compile "$work/sheets" "$work/cli-sheets.pdf")
echo "typst CLI: $("$typst" --version)"
echo
fi

# 1. The 29-goal packet: ours vs the CLI on the ejected project.
if want packet; then
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/packet.json" \
  -n ours "$ws sheets --year R1 -o $work/ours-sheets.pdf" -n cli "$cli" >/dev/null 2>&1
read -r ours_packet cli_packet < <(median "$work/packet.json")
compare "Packet (29 goals, PDF/A-3a + UA-1)" "welfare-sheets sheets" "$ours_packet" "typst compile (ejected project)" "$cli_packet"
fi

# 2. Everything at once: packet + booklet + split archive in one build, vs
#    the CLI compiling the same documents one by one.
if want all; then
split_cmds=()
for year in 28 29 30 R1; do
  "$ws" eject "$work/y$year" --year "$year" --document booklet 2>/dev/null
  split_cmds+=("$(cli_compile "$work/y$year" "$work/y$year.pdf")")
  for goal in $(seq 1 29); do
    d="$work/g$year-$goal"
    "$ws" eject "$d" --year "$year" 2>/dev/null
    python3 - "$d/data.json" "$goal" <<'PY'
import json, sys
path, goal = sys.argv[1], int(sys.argv[2])
data = json.load(open(path))
data["goals"] = [g for g in data["goals"] if g["no"] == goal]
json.dump(data, open(path, "w"), ensure_ascii=False)
PY
    split_cmds+=("$(cli_compile "$d" "$d.pdf")")
  done
done
printf '%s\n' "$cli" "$(cli_compile "$work/booklet" "$work/cli-booklet.pdf")" "${split_cmds[@]}" > "$work/cli-all.txt"
hyperfine -N --warmup 0 --runs "$RUNS" --export-json "$work/all.json" \
  -n ours "$ws build --archive --out-dir $work/out" \
  -n cli "bash -c 'while read -r c; do \$c >/dev/null 2>&1 || exit 1; done < $work/cli-all.txt'" >/dev/null 2>&1
read -r ours_all cli_all < <(median "$work/all.json")
compare "Packet + booklet + split archive ($(wc -l < "$work/cli-all.txt") documents)" "welfare-sheets build --archive" "$ours_all" "typst compile, one by one" "$cli_all"
fi

# 3. Scaling: synthetic plans made of the real goals, renumbered.
if want scaling; then
echo "## Scaling (synthetic plans from the real goals), median of $RUNS"
echo
echo "| goals | seconds | ms per goal | peak memory (MiB) | PDF KiB per page |"
echo "|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  d="$work/synth-$n"
  python3 - data "$d" "$n" <<'PY'
import os, re, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(os.path.join(dst, "goals"))
shutil.copy(os.path.join(src, "plan.yaml"), dst)
goals = sorted(f for f in os.listdir(os.path.join(src, "goals")) if f.endswith(".yaml"))
for i in range(n):
    text = open(os.path.join(src, "goals", goals[i % len(goals)]), encoding="utf-8").read()
    text = re.sub(r"^  - no: \d+", f"  - no: {i + 1}", text, count=1, flags=re.M)
    open(os.path.join(dst, "goals", f"{i + 1:04}.yaml"), "w", encoding="utf-8").write(text)
PY
  hyperfine -N --warmup 0 --runs "$RUNS" --export-json "$work/s$n.json" \
    "$ws sheets --year R1 --data $d -o $work/s$n.pdf" >/dev/null 2>&1
  secs=$(median "$work/s$n.json")
  /usr/bin/time -v "$ws" sheets --year R1 --data "$d" -o "$work/s$n.pdf" 2> "$work/time$n.txt" >/dev/null
  peak=$(awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time$n.txt")
  pages=$(python3 -c "import re,sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1],'rb').read())))" "$work/s$n.pdf")
  kib=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1])/1024/int(sys.argv[2])))" "$work/s$n.pdf" "$pages")
  echo "| $n | $secs | $(python3 -c "print('%.1f' % ($secs*1000/$n))") | $peak | $kib |"
done
echo
fi

# 4. Start-up: process start to the first page laid out (one sheet as PNG).
if want startup; then
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/start.json" \
  "$ws preview --goal 1 --dpi 10 -o $work/p.png" >/dev/null 2>&1
echo "## Start-up to the first page laid out: $(median "$work/start.json") s (preview --goal 1)"
echo
fi

# 5. watch: one-cell edit of the 29-goal packet.
if want watch; then
cp -r data "$work/watch-data"
"$ws" watch --data "$work/watch-data" -o "$work/watch.pdf" 2> "$work/watch.log" &
watcher=$!
for _ in $(seq 1 600); do grep -q "組み直しました" "$work/watch.log" && break; sleep 0.1; done
times=()
for i in $(seq 1 "$RUNS"); do
  before=$(grep -c "組み直しました" "$work/watch.log")
  sed -i "s/毎年[0-9]*回程度の実施/毎年${i}回程度の実施/" "$work/watch-data/goals/01.yaml"
  for _ in $(seq 1 600); do [ "$(grep -c "組み直しました" "$work/watch.log")" -gt "$before" ] && break; sleep 0.05; done
  times+=("$(grep "組み直しました" "$work/watch.log" | tail -n 1 | sed 's/.*、\([0-9]*\) ミリ秒/\1/')")
done
kill "$watcher"
echo "## watch: one-cell edit re-renders the packet in ${times[*]} ms (median $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms)"
fi

# 6. Hostile input: how quickly a bad file is refused (the tests check that it
#    is refused, and where; the time is measured here).
if want hostile; then
echo
echo "## Hostile input refused by \`check\`, median of $RUNS"
echo
echo "| file | seconds |"
echo "|---|---:|"
mkdir -p "$work/bomb" "$work/deep" "$work/wide"
cp data/plan.yaml "$work/bomb/"; cp data/plan.yaml "$work/deep/"; cp data/plan.yaml "$work/wide/"
cp tests/fixtures/data/billion_laughs.yaml "$work/bomb/goals.yaml"
python3 -c "print('goals: ' + '[' * 100000)" > "$work/deep/goals.yaml"
python3 -c "print('goals: [' + ','.join(['1'] * 300000) + ']')" > "$work/wide/goals.yaml"
for case in bomb deep wide; do
  hyperfine -N --warmup 1 --runs "$RUNS" -i --export-json "$work/h-$case.json" \
    "$ws check --no-system-fonts --data $work/$case" >/dev/null 2>&1
  echo "| $case | $(median "$work/h-$case.json") |"
done
fi

# 7. The yearly collection: forms for every goal, and their import back.
if want forms; then
echo
echo "## Forms and import (29 goals), median of $RUNS"
echo
cp -r data "$work/collect"
"$ws" forms --data "$work/collect" --out-dir "$work/forms" -q
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/forms.json" \
  -n forms "$ws forms --data $work/collect --out-dir $work/forms2 -q" \
  -n import "$ws import $work/forms --data $work/collect -q" >/dev/null 2>&1
read -r forms_s import_s < <(median "$work/forms.json")
echo "| command | seconds |"
echo "|---|---:|"
echo "| forms (29 workbooks) | $forms_s |"
echo "| import (29 returned workbooks) | $import_s |"
fi
