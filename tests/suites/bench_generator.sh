#!/usr/bin/env bash
# The benchmark's corpus generator (bench/gen): its output must be deterministic, a smaller corpus
# must be a prefix of a larger one, faqlite must accept the corpus as it is, and every question
# must name an entry that exists, in the entry's language. Builds only faqlite_bench_gen, which
# needs neither Xapian nor the rest of the benchmark harness.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FAQLITE_BUILD_DIR:-$root/build}

cmake --build "$build" --target faqlite_bench_gen >/dev/null
gen="$build/bench/faqlite_bench_gen"
cli="$build/faqlite"
work=$(mktemp -d "${TMPDIR:-/tmp}/faqlite-bench-gen.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$gen" --entries 600 --questions 300 --corpus "$work/a.jsonl" --questions-file "$work/qa.jsonl" >/dev/null
"$gen" --entries 600 --questions 300 --corpus "$work/b.jsonl" --questions-file "$work/qb.jsonl" >/dev/null
"$gen" --entries 2000 --questions 300 --corpus "$work/big.jsonl" --questions-file "$work/qbig.jsonl" >/dev/null
"$gen" --entries 600 --questions 300 --seed 7 --corpus "$work/c.jsonl" --questions-file "$work/qc.jsonl" >/dev/null

fail() { echo "bench_generator: $*" >&2; exit 1; }
cmp -s "$work/a.jsonl" "$work/b.jsonl" || fail "the same arguments gave two different corpora"
cmp -s "$work/qa.jsonl" "$work/qb.jsonl" || fail "the same arguments gave two different question sets"
cmp -s "$work/a.jsonl" "$work/c.jsonl" && fail "another seed gave the same corpus"
head -n 600 "$work/big.jsonl" | cmp -s - "$work/a.jsonl" || fail "the 600-entry corpus is not a prefix of the 2000-entry one"

"$cli" index --db "$work/index.db" "$work/a.jsonl" >"$work/index.log" 2>&1 ||
  { cat "$work/index.log" >&2; fail "faqlite refused the generated corpus"; }

python3 - "$work/a.jsonl" "$work/qa.jsonl" <<'EOF'
import json, sys
entries = {}
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    entries[e["id"]] = e
langs = {e["lang"] for e in entries.values()}
missing = {"en", "es", "fr", "de", "zh", "ja"} - langs
assert not missing, f"languages missing from the corpus: {missing}"
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    q = json.loads(line)
    n += 1
    assert q["target"] in entries, f"question target {q['target']} is not in the corpus"
    assert entries[q["target"]]["lang"] == q["lang"], f"question {q} is not in its target's language"
    assert q["q"].strip(), "empty question"
assert n == 300, f"{n} questions instead of 300"
EOF
echo "bench_generator: ok (deterministic, prefix-stable, indexable, questions on target)"
