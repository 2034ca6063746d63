#!/usr/bin/env bash
# Runs faqlite's benchmarks beside plain SQLite FTS5 and Xapian, and prints the report
# (docs/BENCHMARKS.md explains the method and the figures).
#
#   scripts/bench.sh --quick            1k and 10k entries (under 2 minutes once compiled)
#   scripts/bench.sh --full             1k, 10k, 100k and 1M entries (see docs/BENCHMARKS.md)
#   scripts/bench.sh --sizes "1000 100000"
#
# Options:
#   --out DIR          corpora, indexes and results (default bench/out, ignored by git)
#   --label NAME       results go to DIR/results-NAME.jsonl (default: quick, full or custom)
#   --engines "..."    a subset of "faqlite fts5 xapian"
#   --questions N      questions per size (default 2000)
#   --large-questions N  of those, how many are timed at 1M entries and more (default 500: the
#                      slowest engine would otherwise take most of the run)
#   --passes N         times the question set is timed (default 1)
#   --markdown         print the tables as Markdown
#   --plots DIR        also draw PNG plots into DIR (gnuplot)
#   --no-analyzer      skip the analyzer throughput table
# Xapian (libxapian-dev) and gnuplot are benchmark-only dependencies: installed here with apt-get
# when missing, never by scripts/install-deps.sh. The build goes to build-bench/ (or
# $FAQLITE_BENCH_BUILD_DIR), separate from the normal build, with -DFAQLITE_BUILD_BENCH=ON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

sizes="1000 10000"
label=quick
out="$root/bench/out"
engines="faqlite fts5 xapian"
questions=2000
large_questions=500
passes=1
markdown=
plots=
analyzer=1
while (($#)); do
  case "$1" in
    --quick) sizes="1000 10000"; label=quick ;;
    --full) sizes="1000 10000 100000 1000000"; label=full ;;
    --sizes) sizes=$2; label=custom; shift ;;
    --label) label_arg=$2; shift ;;
    --out) out=$2; shift ;;
    --engines) engines=$2; shift ;;
    --questions) questions=$2; shift ;;
    --large-questions) large_questions=$2; shift ;;
    --passes) passes=$2; shift ;;
    --markdown) markdown=--markdown ;;
    --plots) plots=$2; shift ;;
    --no-analyzer) analyzer= ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
label=${label_arg:-$label}

# Benchmark-only packages.
need=()
dpkg-query -W -f='${Status}' libxapian-dev 2>/dev/null | grep -q "install ok installed" ||
  need+=(libxapian-dev)
if [[ -n "$plots" ]] && ! command -v gnuplot >/dev/null 2>&1; then need+=(gnuplot-nox); fi
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bench.sh: missing ${need[*]}; install them with apt-get (as root)" >&2
    exit 1
  fi
  echo "bench.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$root/scripts/install-deps.sh" >/dev/null

build=${FAQLITE_BENCH_BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAQLITE_BUILD_BENCH=ON \
  -DFAQLITE_BUILD_TESTS=OFF -DFAQLITE_BUILD_SERVER=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target faqlite_bench faqlite_bench_gen >/dev/null
gen="$build/bench/faqlite_bench_gen"
bench="$build/bench/faqlite_bench"

mkdir -p "$out"
results="$out/results-$label.jsonl"
[[ -e "$results" ]] && mv "$results" "$out/results-$label.previous.jsonl"
started=$(date +%s)
echo "bench.sh: sizes $sizes; engines $engines; $questions questions; $(nproc) cores;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"

for n in $sizes; do
  corpus="$out/corpus-$n.jsonl"
  qfile="$out/questions-$n-$questions.jsonl"
  if [[ ! -s "$corpus" || ! -s "$qfile" || "$gen" -nt "$corpus" ]]; then
    "$gen" --entries "$n" --questions "$questions" --corpus "$corpus" --questions-file "$qfile"
  fi
  limit=0
  ((n >= 1000000)) && limit=$large_questions
  for e in $engines; do
    index="$out/index-$n-$e"
    [[ "$e" == xapian ]] || index="$index.db"
    "$bench" build --engine "$e" --corpus "$corpus" --index "$index" --size "$n" --results "$results"
    "$bench" query --engine "$e" --index "$index" --questions "$qfile" --size "$n" \
      --passes "$passes" --limit "$limit" --results "$results"
  done
done

if [[ -n "$analyzer" ]]; then
  # Analyzer throughput on the largest corpus of at most 10k entries (about 1 MB per language).
  pick=
  for n in $sizes; do ((n <= 10000)) && pick=$n; done
  pick=${pick:-$(echo "$sizes" | awk '{print $1}')}
  "$bench" analyzer --corpus "$out/corpus-$pick.jsonl" --size "$pick" --bytes 1000000 \
    --seconds 0.5 --results "$results"
fi

echo
python3 "$root/bench/report.py" "$results" $markdown ${plots:+--plots "$plots"}
echo "bench.sh: done in $(( $(date +%s) - started )) s (results: $results)"
