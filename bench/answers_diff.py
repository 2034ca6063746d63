#!/usr/bin/env python3
"""Answers of one faqlite binary to a fixed question set, for checking that a speed change
changes no answer: run it with the binary before and after the change and compare the files.

  bench/answers_diff.py run BINARY OUT.jsonl   # asks every question, writes the results
  bench/answers_diff.py diff A.jsonl B.jsonl   # exit 1 and the first differences if any

The questions: the dev and holdout sets of tests/eval (with and without their language), and the
first 400 benchmark questions of bench/out at 1k and 10k entries (when generated), against the
bundled corpus and the benchmark indexes. Standard library only.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def question_sets():
    evald = os.path.join(ROOT, "tests", "eval")
    lines = []
    for name in sorted(os.listdir(evald)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(evald, name), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                q = json.loads(line)
                lines.append({"id": q["id"] + "+lang", "query": q["query"], "lang": q["lang"]})
                lines.append({"id": q["id"], "query": q["query"]})
    yield os.path.join(ROOT, "corpus"), lines
    for size in (1000, 10000):
        qpath = os.path.join(ROOT, "bench", "out", f"questions-{size}-2000.jsonl")
        corpus = os.path.join(ROOT, "bench", "out", f"corpus-{size}.jsonl")
        if not (os.path.exists(qpath) and os.path.exists(corpus)):
            continue
        with open(qpath, encoding="utf-8") as f:
            qs = [json.loads(l) for l in f if l.strip()][:400]
        yield corpus, [{"id": f"b{size}-{i}", "query": q["q"], "lang": q["lang"], "k": 10}
                       for i, q in enumerate(qs)]


def run(binary, out_path):
    with tempfile.TemporaryDirectory() as tmp, open(out_path, "w", encoding="utf-8") as out:
        for n, (corpus, lines) in enumerate(question_sets()):
            db = os.path.join(tmp, f"index-{n}.db")
            subprocess.run([binary, "index", "--db", db, corpus], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            feed = "".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines)
            res = subprocess.run([binary, "ask", "--db", db, "--jsonl"], input=feed.encode(),
                                 check=True, stdout=subprocess.PIPE)
            out.write(res.stdout.decode("utf-8"))


def diff(a_path, b_path):
    with open(a_path, encoding="utf-8") as a, open(b_path, encoding="utf-8") as b:
        a_lines, b_lines = a.read().splitlines(), b.read().splitlines()
    if len(a_lines) != len(b_lines):
        print(f"{len(a_lines)} results against {len(b_lines)}")
        return 1
    bad = [i for i, (x, y) in enumerate(zip(a_lines, b_lines)) if x != y]
    for i in bad[:5]:
        print(f"result {i + 1} differs:\n  {a_lines[i][:400]}\n  {b_lines[i][:400]}")
    print(f"{len(a_lines)} results, {len(bad)} different")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
