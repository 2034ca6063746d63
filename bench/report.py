#!/usr/bin/env python3
"""Turns the result lines of faqlite_bench into tables (text or Markdown) and plots.

    bench/report.py RESULTS.jsonl [MORE.jsonl ...] [--markdown] [--plots DIR]

Every figure of faqlite is printed beside the baselines' and as a ratio faqlite/baseline. When a
phase was run more than once (in one file or across files), the last line read wins. Plots need gnuplot (PNG through its pngcairo
terminal); without it they are skipped with a message.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ENGINES = ["faqlite", "fts5", "xapian"]
BASELINES = ["fts5", "xapian"]


def load(paths):
    runs = {}
    analyzer = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        for line in lines:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r["phase"] == "analyzer":
                analyzer[r["lang"]] = r
            else:
                runs[(r["phase"], r["engine"], r["size"])] = r
    return runs, analyzer


def size_name(n):
    if n >= 1000000 and n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def fmt(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.{digits}f}"


class Table:
    def __init__(self, title, headers, note=""):
        self.title, self.headers, self.rows, self.note = title, headers, [], note

    def add(self, row):
        self.rows.append(row)

    def render(self, markdown):
        out = []
        if markdown:
            out.append(f"#### {self.title}\n")
            if self.note:
                out.append(self.note + "\n")
            out.append("| " + " | ".join(self.headers) + " |")
            out.append("|" + "|".join("---:" if i else "---" for i in range(len(self.headers))) + "|")
            for r in self.rows:
                out.append("| " + " | ".join(r) + " |")
        else:
            out.append(f"== {self.title}")
            if self.note:
                out.append(self.note)
            widths = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
                      for i, h in enumerate(self.headers)]
            out.append("  ".join(h.rjust(w) for h, w in zip(self.headers, widths)))
            for r in self.rows:
                out.append("  ".join(c.rjust(w) for c, w in zip(r, widths)))
        return "\n".join(out) + "\n"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def get(runs, phase, engine, size, *keys):
    r = runs.get((phase, engine, size))
    for k in keys:
        if r is None:
            return None
        r = r.get(k)
    return r


def metric_table(runs, sizes, title, phase, keys, label, note="", digits=2):
    """One row per size: the figure for each engine, then faqlite/fts5 and faqlite/xapian."""
    t = Table(title, ["entries"] + ENGINES + [f"faqlite/{b}" for b in BASELINES], note)
    for s in sizes:
        vals = {e: get(runs, phase, e, s, *keys) for e in ENGINES}
        if all(v is None for v in vals.values()):
            continue
        t.add([size_name(s)] + [fmt(vals[e], digits) for e in ENGINES] +
              [ratio(vals["faqlite"], vals[b]) for b in BASELINES])
    t.title = f"{title} ({label})"
    return t


def tables(runs, analyzer):
    sizes = sorted({k[2] for k in runs})
    out = [
        metric_table(runs, sizes, "Build time", "build", ["build_s"], "seconds, lower is better"),
        metric_table(runs, sizes, "Build throughput", "build", ["entries_per_s"],
                     "entries/s, higher is better"),
        metric_table(runs, sizes, "Index size", "build", ["index_bytes"], "bytes, lower is better"),
        metric_table(runs, sizes, "Peak memory while building", "build", ["peak_rss_mb"],
                     "MB RSS, lower is better"),
        metric_table(runs, sizes, "Open, cold", "query", ["open_cold_ms"],
                     "ms, lower is better", "Index files evicted from the page cache first."),
        metric_table(runs, sizes, "Open, warm", "query", ["open_warm_ms"],
                     "ms, median of 10, lower is better"),
        metric_table(runs, sizes, "First question after a cold open", "query",
                     ["first_question_ms"], "ms, lower is better"),
        metric_table(runs, sizes, "Latency p50, 1 thread", "query", ["t1", "p50_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Latency p99, 1 thread", "query", ["t1", "p99_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Latency p99.9, 1 thread", "query", ["t1", "p999_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Questions per second, 1 thread", "query", ["qps1"],
                     "wall clock, higher is better"),
        metric_table(runs, sizes, "CPU time per question p50, 1 thread", "query",
                     ["cpu1", "p50_ms"], "ms of thread CPU time, lower is better", digits=3),
        metric_table(runs, sizes, "Questions per CPU-second, 1 thread", "query", ["qps1_cpu"],
                     "1 / mean thread CPU time per question, higher is better",
                     "What one dedicated core would answer; unlike wall-clock figures it hardly "
                     "moves when other processes share the machine."),
        metric_table(runs, sizes, "Latency p50, 2 threads", "query", ["tN", "p50_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Latency p99, 2 threads", "query", ["tN", "p99_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Latency p99.9, 2 threads", "query", ["tN", "p999_ms"],
                     "ms, lower is better", digits=3),
        metric_table(runs, sizes, "Questions per second, 2 threads", "query", ["qpsN"],
                     "higher is better"),
        metric_table(runs, sizes, "Peak memory while answering", "query", ["peak_rss_mb"],
                     "MB RSS of the whole process, lower is better"),
        metric_table(runs, sizes, "MRR@10", "query", ["mrr"], "higher is better", digits=3),
        metric_table(runs, sizes, "Hit@1", "query", ["hit1"], "higher is better", digits=3),
    ]
    langs = sorted({l for k, r in runs.items() if k[0] == "query" for l in r.get("mrr_by_lang", {})})
    if langs:
        t = Table("MRR@10 per language", ["entries", "engine"] + langs)
        for s in sizes:
            for e in ENGINES:
                by = get(runs, "query", e, s, "mrr_by_lang")
                if by:
                    t.add([size_name(s), e] + [fmt(by.get(l), 3) for l in langs])
        out.append(t)
        t = Table("Latency per language, 1 thread (mean / p99 ms)", ["entries", "engine"] + langs)
        for s in sizes:
            for e in ENGINES:
                by = get(runs, "query", e, s, "t1_by_lang")
                if by:
                    t.add([size_name(s), e] + [
                        f"{by[l]['mean_ms']:.3f} / {by[l]['p99_ms']:.2f}" if l in by else "–"
                        for l in langs])
        out.append(t)
    if analyzer:
        t = Table("Analyzer throughput (MB/s of UTF-8 text, higher is better)",
                  ["lang", "faqlite Analyzer", "faqlite_analyze (C API, JSON)",
                   "ICU BreakIterator alone", "Analyzer/ICU", "terms/s"])
        for lang in sorted(analyzer):
            a = analyzer[lang]
            t.add([lang, fmt(a["faqlite_mb_s"]), fmt(a["capi_json_mb_s"]), fmt(a["icu_mb_s"]),
                   ratio(a["faqlite_mb_s"], a["icu_mb_s"]), fmt(a["faqlite_terms_s"])])
        out.append(t)
    return out, sizes


def targets(runs, sizes):
    """The issue's targets, each PASS or MISS with the figure it rests on."""
    t = Table("Targets of issue 8", ["target", "figure", "verdict"])

    def row(name, value, ok):
        t.add([name, value, "–" if ok is None else ("PASS" if ok else "MISS")])

    # QPS verdicts rest on CPU-time QPS, which a shared machine disturbs least; wall-clock QPS is
    # shown beside it.
    for s in sizes:
        q = {e: get(runs, "query", e, s, "qps1_cpu") for e in ENGINES}
        w = {e: get(runs, "query", e, s, "qps1") for e in ENGINES}
        if q["faqlite"] is None:
            continue
        if q["xapian"]:
            row(f"{size_name(s)}: QPS 1 thread ≥ Xapian",
                f"CPU {q['faqlite']:.0f} vs {q['xapian']:.0f} (wall {w['faqlite']:.0f} vs "
                f"{w['xapian']:.0f})", q["faqlite"] >= q["xapian"])
        if q["fts5"]:
            row(f"{size_name(s)}: QPS 1 thread ≥ 1.5× FTS5",
                f"CPU {q['faqlite'] / q['fts5']:.2f}× (wall {w['faqlite'] / w['fts5']:.2f}×)",
                q["faqlite"] >= 1.5 * q["fts5"])
    if 10000 in sizes:
        p99 = get(runs, "query", "faqlite", 10000, "t1", "p99_ms")
        if p99 is not None:
            row("10k: p99 ≤ 1 ms", f"{p99:.3f} ms", p99 <= 1.0)
    if 1000000 in sizes:
        s = 1000000
        b = get(runs, "build", "faqlite", s, "build_s")
        if b is not None:
            row("1M: build ≤ 5 min", f"{b:.0f} s", b <= 300)
        p99 = get(runs, "query", "faqlite", s, "t1", "p99_ms")
        if p99 is not None:
            row("1M: p99 ≤ 20 ms", f"{p99:.2f} ms", p99 <= 20)
        o = get(runs, "query", "faqlite", s, "open_cold_ms")
        if o is not None:
            row("1M: open ≤ 50 ms (cold)", f"{o:.1f} ms", o <= 50)
        m = get(runs, "query", "faqlite", s, "peak_rss_mb")
        if m is not None:
            row("1M: RSS while answering ≤ 200 MB", f"{m:.0f} MB", m <= 200)
    return t


def plots(runs, sizes, outdir):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("report: gnuplot not found, no plots (apt-get install gnuplot-nox)", file=sys.stderr)
        return []
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    specs = [
        ("latency", "Question latency, 1 thread (p50 solid, p99 dashed)", "ms",
         [("query", ("t1", "p50_ms"), 1), ("query", ("t1", "p99_ms"), 2)]),
        ("qps", "Questions per second, 1 thread", "questions/s", [("query", ("qps1",), 1)]),
        ("cpu", "CPU time per question, 1 thread (p50)", "ms", [("query", ("cpu1", "p50_ms"), 1)]),
        ("build", "Index build time", "seconds", [("build", ("build_s",), 1)]),
    ]
    colors = {"faqlite": "#1b6ac9", "fts5": "#d1495b", "xapian": "#2e933c"}
    made = []
    for name, title, ylabel, series in specs:
        data = os.path.join(tmp.name, f"{name}.dat")
        plotted = []
        with open(data, "w", encoding="utf-8") as f:
            idx = 0
            for e in ENGINES:
                for phase, keys, dash in series:
                    pts = [(s, get(runs, phase, e, s, *keys)) for s in sizes]
                    pts = [(s, v) for s, v in pts if v]
                    if not pts:
                        continue
                    f.write(f"# {e} {'.'.join(keys)}\n")
                    for s, v in pts:
                        f.write(f"{s} {v}\n")
                    f.write("\n\n")
                    label = e if dash == 1 else ""
                    plotted.append(f"'{data}' index {idx} with linespoints lw 2 pt 7 dt {dash} "
                                   f"lc rgb '{colors[e]}' title '{label}'")
                    idx += 1
        if not plotted:
            continue
        png = os.path.join(outdir, f"{name}.png")
        script = "\n".join([
            "set terminal pngcairo size 800,480 font 'sans,11'",
            f"set output '{png}'",
            f"set title '{title}'",
            "set logscale xy",
            "set xlabel 'entries'",
            f"set ylabel '{ylabel}'",
            "set grid",
            "set key top left",
            "set format x '%.0s%c'",
            "plot " + ", ".join(plotted),
        ])
        subprocess.run([gnuplot], input=script, text=True, check=True)
        made.append(png)
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--plots", metavar="DIR")
    a = ap.parse_args()
    runs, analyzer = load(a.results)
    ts, sizes = tables(runs, analyzer)
    for t in ts:
        print(t.render(a.markdown))
    print(targets(runs, sizes).render(a.markdown))
    loads = [r["load_avg"] for r in runs.values() if "load_avg" in r]
    if loads:
        print(f"Machine load average during the phases: {min(loads):.2f} to {max(loads):.2f}")
    if a.plots:
        for p in plots(runs, sizes, a.plots):
            print(f"plot: {p}")


if __name__ == "__main__":
    main()
