#!/usr/bin/env bash
# Times faqlite and Xapian (or any engines of the benchmark) one after the other, several rounds,
# on the corpora and indexes scripts/bench.sh left in bench/out, and prints each run's questions
# per CPU-second, the medians and their ratio.
#
#   scripts/bench-alternate.sh --size 10000 --rounds 5
#   scripts/bench-alternate.sh --size 1000000 --rounds 3 --limit 500
#
# Why: on a shared virtual machine the speed of the host drifts by a fifth within minutes, and a
# single run of each engine, minutes apart (what bench.sh does), can turn a verdict either way.
# Alternating the engines in the same minutes and comparing medians is what docs/BENCHMARKS.md
# bases its verdicts on.
#
# Options:
#   --size N        corpus size (bench/out/index-N-<engine>[.db] must exist: run bench.sh first)
#   --rounds N      runs per engine (default 5)
#   --limit N       timed questions per run (default 0: all 2,000)
#   --engines "..." default "faqlite xapian"; the first is the one whose ratio is printed
#   --out DIR       default bench/out
#   --bench PATH    the faqlite_bench binary (default build-bench/bench/faqlite_bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=
rounds=5
limit=0
engines="faqlite xapian"
out="$root/bench/out"
bench="${FAQLITE_BENCH_BUILD_DIR:-$root/build-bench}/bench/faqlite_bench"
while (($#)); do
  case "$1" in
    --size) size=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --limit) limit=$2; shift ;;
    --engines) engines=$2; shift ;;
    --out) out=$2; shift ;;
    --bench) bench=$2; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench-alternate.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$size" ]]; then
  echo "bench-alternate.sh: --size N is required (see --help)" >&2
  exit 2
fi
[[ "$size" =~ ^[0-9]+$ && "$rounds" =~ ^[1-9][0-9]*$ && "$limit" =~ ^[0-9]+$ ]] || {
  echo "bench-alternate.sh: --size, --rounds and --limit take whole numbers (--rounds at least 1)" >&2
  exit 2
}
if [[ ! -x "$bench" ]]; then
  echo "bench-alternate.sh: $bench is missing: run scripts/bench.sh once (it builds it)" >&2
  exit 1
fi
questions="$out/questions-$size-2000.jsonl"
[[ -s "$questions" ]] || {
  echo "bench-alternate.sh: $questions is missing: run scripts/bench.sh --sizes $size first" >&2
  exit 1
}
# bench.sh's names: Xapian's index is a folder, the others are SQLite files.
index_of() {
  if [[ "$1" == xapian ]]; then echo "$out/index-$size-$1"; else echo "$out/index-$size-$1.db"; fi
}
for e in $engines; do
  index=$(index_of "$e")
  [[ -e "$index" ]] || {
    echo "bench-alternate.sh: $index is missing: run scripts/bench.sh --sizes $size first" >&2
    exit 1
  }
done

echo "bench-alternate.sh: $size entries, $rounds rounds of: $engines; load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for e in $engines; do
    index=$(index_of "$e")
    line=$("$bench" query --engine "$e" --index "$index" --questions "$questions" --size "$size" \
      --passes 1 --threads 1 --limit "$limit" 2>&1) || {
      echo "bench-alternate.sh: $e failed: $line" >&2
      exit 1
    }
    qps=$(grep -o 'CPU-time *[0-9.]* q/s' <<<"$line" | awk '{print $2}')
    if [[ -z "$qps" ]]; then
      echo "bench-alternate.sh: no CPU-time figure in the output of $e: $line" >&2
      exit 1
    fi
    echo "round $r  $e  $qps questions per CPU-second"
    echo "$e $qps" >>"$runs"
  done
done
python3 - "$runs" $engines <<'EOF'
import statistics
import sys

runs, engines = sys.argv[1], sys.argv[2:]
by = {e: [] for e in engines}
with open(runs) as f:
    for line in f:
        e, q = line.split()
        by[e].append(float(q))
for e in engines:
    v = by[e]
    print(f"{e:8} median {statistics.median(v):10.1f}  (min {min(v):.1f}, max {max(v):.1f})")
first = statistics.median(by[engines[0]])
for e in engines[1:]:
    print(f"{engines[0]}/{e}: {first / statistics.median(by[e]):.2f}x")
EOF
