#!/usr/bin/env bash
# Benchmarks of welfare-sheets against the official typst CLI on the same
# machine, same run. Needs: hyperfine, GNU time, python3, perf (for the
# breakdown), and typst 0.15.1 (`cargo install typst-cli --version 0.15.1
# --locked`). Prints a Markdown report; the figures in README.md come from it.
#
#   bash benches/bench.sh                        # everything
#   RUNS=10 PAIRS=15 bash benches/bench.sh       # more runs per measurement
#   ONLY="packet watch" bash benches/bench.sh    # some sections: packet all scaling breakdown startup watch hostile forms
#   SIZES="29 300" bash benches/bench.sh         # the synthetic plan sizes (default 29 100 300 1000)
#
# "warm" runs find every sheet's fitting in the fit memo (filled by an
# earlier run); "cold" ones start with an empty memo and fill it; "no memo"
# is --no-cache, the program as it was before the memo.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
PAIRS=${PAIRS:-11}
ONLY=${ONLY:-packet all scaling breakdown startup watch hostile forms}
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
# Our memo in a folder of this run; each section says whether it is warm.
export WELFARE_SHEETS_CACHE=$work/memo

# The CLI command compiling the ejected project in $1 into $2.
cli_compile() { echo "$typst compile --features a11y-extras --ignore-system-fonts --font-path $1/fonts --root $1 --pdf-standard a-3a --pdf-standard ua-1 $1/main.typ $2"; }

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.3f' % x['median'] for x in r))" "$1"; }

# Interleaved rounds: `rounds N OUT.json NAME 'BEFORE' 'COMMAND' ...` runs,
# N times over, each command once in turn (BEFORE, untimed, first), so that
# a slow spell of the machine falls on every side alike. One warm-up round.
rounds() {
  python3 - "$@" <<'PY'
import json, shlex, subprocess, sys, time
n, out, specs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
sides = [specs[i:i + 3] for i in range(0, len(specs), 3)]
times = {name: [] for name, _, _ in sides}
for r in range(n + 1):
    for name, before, command in sides:
        if before:
            subprocess.run(before, shell=True, check=True)
        start = time.perf_counter()
        subprocess.run(shlex.split(command), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r > 0:
            times[name].append(time.perf_counter() - start)
json.dump(times, open(out, "w"))
PY
}

# `against OUT.json BASE NAME...`: a table row per NAME with its median and
# the median, lowest and highest of its round-by-round ratio to BASE.
against() {
  python3 - "$@" <<'PY'
import json, statistics, sys
times, base = json.load(open(sys.argv[1])), sys.argv[2]
print("| | median s | ratio to %s: median | lowest | highest |" % base)
print("|---|---:|---:|---:|---:|")
for name in [base] + sys.argv[3:]:
    ratios = [a / b for a, b in zip(times[name], times[base])]
    print("| %s | %.3f | %.2f | %.2f | %.2f |" % (name, statistics.median(times[name]),
          statistics.median(ratios), min(ratios), max(ratios)))
print()
PY
}

echo "# welfare-sheets benchmarks ($(date -u +%F), $(nproc) cores)"
echo

if want packet || want all; then
"$ws" eject "$work/sheets" --year R1 2>/dev/null
"$ws" eject "$work/booklet" --year R1 --document booklet 2>/dev/null
cli=$(cli_compile "$work/sheets" "$work/cli-sheets.pdf")
echo "typst CLI: $("$typst" --version)"
echo
fi

# 1. The 29-goal packet, ours warm, cold and without the memo, against the
#    CLI on the ejected project, in interleaved rounds.
if want packet; then
memo=$work/packet-memo
"$ws" sheets --year R1 -o "$work/fill.pdf" >/dev/null 2>&1
WELFARE_SHEETS_CACHE=$memo "$ws" sheets --year R1 -o "$work/fill.pdf" >/dev/null 2>&1
rounds "$PAIRS" "$work/packet.json" \
  cli "" "$cli" \
  warm "" "env WELFARE_SHEETS_CACHE=$memo $ws sheets --year R1 -o $work/warm.pdf" \
  cold "rm -rf $work/cold-memo" "env WELFARE_SHEETS_CACHE=$work/cold-memo $ws sheets --year R1 -o $work/cold.pdf" \
  "no memo" "" "$ws sheets --no-cache --year R1 -o $work/none.pdf"
echo "## Packet (29 goals, PDF/A-3a + UA-1), $PAIRS interleaved rounds"
echo
against "$work/packet.json" cli warm cold "no memo"
cmp -s "$work/warm.pdf" "$work/none.pdf" && cmp -s "$work/cold.pdf" "$work/none.pdf" \
  && echo "warm, cold and no-memo PDFs are byte-identical." || echo "**the PDFs differ**"
echo
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
memo=$work/all-memo
WELFARE_SHEETS_CACHE=$memo "$ws" build --archive --out-dir "$work/out" >/dev/null 2>&1
rounds "$RUNS" "$work/all.json" \
  cli "" "bash -c 'while read -r c; do \$c >/dev/null 2>&1 || exit 1; done < $work/cli-all.txt'" \
  warm "" "env WELFARE_SHEETS_CACHE=$memo $ws build --archive --out-dir $work/out" \
  cold "rm -rf $work/cold-memo" "env WELFARE_SHEETS_CACHE=$work/cold-memo $ws build --archive --out-dir $work/out"
echo "## Packet + booklet + split archive ($(wc -l < "$work/cli-all.txt") documents): build --archive vs the CLI one by one, $RUNS interleaved rounds"
echo
against "$work/all.json" cli warm cold
fi

# 3. Scaling: synthetic plans made of the real goals, renumbered.
if want scaling || want breakdown; then
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
done
fi
if want scaling; then
echo "## Scaling (synthetic plans from the real goals), median of $RUNS"
echo
echo "| goals | cold s | warm s | cold ms per goal | warm ms per goal | peak memory cold / warm (MiB) | PDF KiB per page |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  d="$work/synth-$n"
  memo=$work/synth-memo-$n
  WELFARE_SHEETS_CACHE=$memo "$ws" sheets --year R1 --data "$d" -o "$work/s$n.pdf" >/dev/null 2>&1
  rounds "$RUNS" "$work/s$n.json" \
    cold "rm -rf $work/cold-memo" "env WELFARE_SHEETS_CACHE=$work/cold-memo $ws sheets --year R1 --data $d -o $work/s$n.pdf" \
    warm "" "env WELFARE_SHEETS_CACHE=$memo $ws sheets --year R1 --data $d -o $work/s$n.pdf"
  read -r cold warm < <(python3 -c "import json,statistics,sys; t=json.load(open(sys.argv[1])); print('%.3f %.3f' % (statistics.median(t['cold']), statistics.median(t['warm'])))" "$work/s$n.json")
  rm -rf "$work/cold-memo"
  WELFARE_SHEETS_CACHE=$work/cold-memo /usr/bin/time -v "$ws" sheets --year R1 --data "$d" -o "$work/s$n.pdf" 2> "$work/time$n.txt" >/dev/null
  WELFARE_SHEETS_CACHE=$memo /usr/bin/time -v "$ws" sheets --year R1 --data "$d" -o "$work/s$n.pdf" 2> "$work/wtime$n.txt" >/dev/null
  peak() { awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }
  pages=$(python3 -c "import re,sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1],'rb').read())))" "$work/s$n.pdf")
  kib=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1])/1024/int(sys.argv[2])))" "$work/s$n.pdf" "$pages")
  echo "| $n | $cold | $warm | $(python3 -c "print('%.1f' % ($cold*1000/$n))") | $(python3 -c "print('%.1f' % ($warm*1000/$n))") | $(peak "$work/time$n.txt") / $(peak "$work/wtime$n.txt") | $kib |"
done
echo
fi

# 3b. Where the time goes: wall time per stage (benches/stages.rs), and the
#     share of the CPU samples (perf) of font subsetting and compression.
if want breakdown; then
echo "## Where the time goes (ms, median of $RUNS; stages timed inside one process)"
echo
echo "| goals | load + check | layout at remembered sizes | fitting (cold − warm layout) | PDF export | warm ms per goal |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  cargo bench --quiet --bench stages -- "$work/synth-$n" "$RUNS" 2>/dev/null
done
echo
if command -v perf >/dev/null; then
  echo "CPU samples by what they were doing (perf, cold / warm run of \`sheets\`):"
  echo
  echo "| goals | memo | layout and fitting (typst) | shaping | PDF writing (krilla) | font subsetting | compression | memory (malloc, kernel page zeroing) | other |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    memo=$work/perf-memo-$n
    for side in cold warm; do
      [ "$side" = cold ] && rm -rf "$memo"
      WELFARE_SHEETS_CACHE=$memo perf record -q -F 2000 -o "$work/perf.data" -- "$ws" sheets --year R1 --data "$work/synth-$n" -o "$work/p.pdf" >/dev/null 2>&1
      perf report -i "$work/perf.data" --no-children --sort sym --stdio 2>/dev/null | python3 -c "
import re, sys
# First match wins: the subsetter and the compressors before the PDF writer
# that calls them, the allocator before everything.
groups = [('memory', r'^\[k\]|malloc|_int_free|cfree|realloc|unlink_chunk|memmove|memcpy|memset'),
          ('subsetting', r'subsetter'), ('compression', r'miniz|flate|zlib|deflate|adler|crc32'),
          ('krilla', r'krilla|pdf_writer|typst_pdf'),
          ('shaping', r'rustybuzz|ttf_parser|harfrust|unicode_bidi|unicode_script|read_fonts|skrifa'),
          ('layout', r'typst|comemo|ecow|hayagriva|icu|codex')]
share = {g: 0.0 for g, _ in groups}; share['other'] = 0.0
for line in sys.stdin:
    m = re.match(r'\s*([\d.]+)%\s+(\[[.k]\]\s+.*)', line)
    if not m: continue
    pct, sym = float(m.group(1)), m.group(2)
    for g, pattern in groups:
        if re.search(pattern, sym): share[g] += pct; break
    else: share['other'] += pct
print('| $n | $side | %(layout).0f%% | %(shaping).0f%% | %(krilla).0f%% | %(subsetting).0f%% | %(compression).0f%% | %(memory).0f%% | %(other).0f%% |' % share)"
    done
  done
  echo
fi
fi

# 4. Start-up: process start to the first page laid out (one sheet as PNG).
if want startup; then
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/start.json" \
  "$ws preview --goal 1 --dpi 10 -o $work/p.png" >/dev/null 2>&1
echo "## Start-up to the first page laid out: $(median "$work/start.json") s (preview --goal 1)"
echo
fi

# 5. watch: one-cell edit of the 29-goal packet, $PAIRS edits.
if want watch; then
cp -r data "$work/watch-data"
"$ws" watch --data "$work/watch-data" -o "$work/watch.pdf" 2> "$work/watch.log" &
watcher=$!
for _ in $(seq 1 600); do grep -q "組み直しました" "$work/watch.log" && break; sleep 0.1; done
times=()
for i in $(seq 1 "$PAIRS"); do
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
