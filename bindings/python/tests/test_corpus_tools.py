"""faqlite.import_text() and faqlite.check(): the corpus tools that need no engine."""

import json
import subprocess
import threading
import unittest

import faqlite
from faqlite import errors

from . import support

CHECK_DATA = support.REPO / "tests" / "data" / "check"
IMPORT_DATA = support.REPO / "tests" / "data" / "import"

# A Markdown guide with one plain section and an FAQ section; the dash in the first paragraph was
# saved through windows-1252 ("—" reads "â€”"), which the importer repairs.
GUIDE = """# Bike Shop Guide

## Opening hours

The shop is open from nine to five \u00e2\u20ac\u201d Monday to Saturday. We close on public
holidays and in the week between Christmas and New Year, when the workshop is cleaned.

## Frequently Asked Questions

Do you repair bicycles?

Yes, we repair bicycles of every brand within two days.

Where is the shop?

At 12 Harbour Street, next to the ferry terminal.
"""


def run_cli(*args):
    out = subprocess.run([support.cli_path(), *map(str, args)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=120)
    return out.returncode, out.stdout.decode("utf-8")


class ImportTextTest(unittest.TestCase):
    def test_markdown_guide_becomes_faq_entries_and_passages(self):
        r = faqlite.import_text(GUIDE, source="guide.md")
        self.assertIsInstance(r, faqlite.ImportResult)
        self.assertEqual(r.corpus["faqlite"], 1)
        self.assertEqual(r.corpus["name"], "Bike Shop Guide")
        self.assertEqual(r.corpus["lang"], "en")
        self.assertEqual(r.corpus["source"], "guide.md")
        faq = {e["id"]: e for e in r.entries if e["kind"] == "faq"}
        self.assertEqual(sorted(faq), ["faq-do-you-repair-bicycles", "faq-where-is-the-shop"])
        repair = faq["faq-do-you-repair-bicycles"]
        self.assertEqual(repair["question"], "Do you repair bicycles?")
        self.assertEqual(repair["answer"],
                         "Yes, we repair bicycles of every brand within two days.")
        self.assertEqual(repair["section"], "Frequently Asked Questions")
        passages = [e for e in r.entries if e["kind"] == "passage"]
        self.assertEqual([p["title"] for p in passages], ["Opening hours"])
        self.assertEqual(r.report["format"], "markdown")
        self.assertEqual(r.report["counts"]["faq"], 2)
        self.assertEqual(r.report["counts"]["passages"], 1)
        # The same document gives the same ids again.
        self.assertEqual(faqlite.import_text(GUIDE, source="guide.md"), r)

    def test_mojibake_is_repaired_and_reported(self):
        r = faqlite.import_text(GUIDE)
        passage = next(e for e in r.entries if e["id"] == "opening-hours")
        self.assertIn("nine to five \u2014 Monday", passage["answer"])
        self.assertNotIn("\u00e2\u20ac", passage["answer"])
        repairs = r.report["repairs"]
        self.assertEqual(repairs["characters"], 1)
        self.assertEqual(repairs["by_encoding"], {"windows-1252": 1})
        self.assertEqual(repairs["examples"], [{"line": 5, "from": "\u00e2\u20ac\u201d",
                                                "to": "\u2014", "encoding": "windows-1252"}])
        self.assertEqual(r.report["counts"]["repaired_characters"], 1)

    def test_bytes_that_are_not_utf8_are_read_as_windows_1252(self):
        document = "Caf\u00e9 du port\n\nThe caf\u00e9 opens at seven."
        r = faqlite.import_text(document.encode("cp1252"))
        self.assertIn("windows-1252", r.report["encoding"])
        self.assertIn("caf\u00e9 opens", json.dumps(r.corpus, ensure_ascii=False))
        utf8 = faqlite.import_text("The caf\u00e9 opens at seven.".encode("utf-8"))
        self.assertEqual(utf8.report["encoding"], "utf-8")

    def test_options_reach_the_importer(self):
        r = faqlite.import_text(GUIDE, lang="en", name="Shop", id_prefix="shop-",
                                drop=["^Where is the shop"], format="markdown")
        self.assertEqual(r.corpus["name"], "Shop")
        self.assertFalse(r.report["lang_detected"])
        self.assertTrue(all(e["id"].startswith("shop-") for e in r.entries))
        self.assertNotIn("Where is the shop?", [e.get("question") for e in r.entries])
        self.assertEqual([d["line"] for d in r.report["dropped"]], [14])
        # As plain text the "#" lines are no headings, so there is no FAQ section.
        as_text = faqlite.import_text(GUIDE, format="text")
        self.assertEqual(as_text.report["format"], "text")
        long_text = "\n\n".join("Paragraph %d has exactly seven words here." % i
                                for i in range(12))
        split = faqlite.import_text(long_text, max_passage_words=20, min_passage_words=5)
        whole = faqlite.import_text(long_text)
        self.assertGreater(len(split.entries), len(whole.entries))

    def test_boilerplate_is_dropped_unless_kept(self):
        text = (IMPORT_DATA / "web-export.txt").read_text(encoding="utf-8")
        dropped = faqlite.import_text(text)
        self.assertTrue(dropped.report["boilerplate"]["dropped"])
        kept = faqlite.import_text(text, keep_boilerplate=True)
        self.assertGreater(len(kept.entries), len(dropped.entries))

    def test_the_corpus_can_be_indexed_and_asked(self):
        r = faqlite.import_text(GUIDE)
        with faqlite.Engine() as engine:
            engine.index_text(json.dumps(r.corpus))
            self.assertEqual(engine.ask("can you repair my bicycle?", lang="en").top.id,
                             "faq-do-you-repair-bicycles")

    def assertRaisesNaming(self, exc, argument, *args, **kwargs):
        with self.assertRaises(exc) as cm:
            faqlite.import_text(*args, **kwargs)
        self.assertIn(argument, str(cm.exception))
        self.assertNotIsInstance(cm.exception, faqlite.FaqliteError)

    def test_bad_arguments_raise_naming_them(self):
        self.assertRaisesNaming(TypeError, "text", None)
        self.assertRaisesNaming(TypeError, "text", 42)
        self.assertRaisesNaming(ValueError, "text", "\ud800 lone surrogate")
        self.assertRaisesNaming(TypeError, "lang", GUIDE, lang=1)
        self.assertRaisesNaming(TypeError, "source", GUIDE, source=b"x")
        self.assertRaisesNaming(TypeError, "name", GUIDE, name=["x"])
        self.assertRaisesNaming(TypeError, "id_prefix", GUIDE, id_prefix=3)
        self.assertRaisesNaming(TypeError, "format", GUIDE, format=1)
        self.assertRaisesNaming(TypeError, "max_passage_words", GUIDE, max_passage_words="150")
        self.assertRaisesNaming(TypeError, "max_passage_words", GUIDE, max_passage_words=True)
        self.assertRaisesNaming(TypeError, "min_passage_words", GUIDE, min_passage_words=2.5)
        self.assertRaisesNaming(TypeError, "drop", GUIDE, drop="^Share")
        self.assertRaisesNaming(TypeError, "drop[1]", GUIDE, drop=["^Share", 2])
        self.assertRaisesNaming(TypeError, "keep_boilerplate", GUIDE, keep_boilerplate="yes")
        with self.assertRaises(TypeError):
            faqlite.import_text(GUIDE, no_such_option=1)

    def test_bad_option_values_raise_invalid_argument(self):
        for kwargs, word in ((dict(lang="tlh"), "tlh"), (dict(drop=["("]), "drop"),
                             (dict(format="html"), "format"),
                             (dict(max_passage_words=-1), "max_passage_words"),
                             (dict(min_passage_words=10**6), "min_passage_words")):
            with self.subTest(**kwargs):
                with self.assertRaises(faqlite.InvalidArgument) as cm:
                    faqlite.import_text(GUIDE, **kwargs)
                self.assertEqual(cm.exception.code, errors.EINVAL)
                self.assertIn(word, cm.exception.message)

    def test_threads_get_the_same_result(self):
        text = (IMPORT_DATA / "helpdesk.md").read_text(encoding="utf-8")
        expected = faqlite.import_text(text, source="helpdesk.md")
        results, failures = [], []

        def work():
            try:
                for _ in range(3):
                    results.append(faqlite.import_text(text, source="helpdesk.md"))
            except BaseException as e:  # reported on the main thread
                failures.append(e)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertEqual(len(results), 12)
        self.assertTrue(all(r == expected for r in results))


class CheckTest(unittest.TestCase):
    def test_bundled_corpus_is_ok(self):
        r = faqlite.check(str(support.CORPUS))
        self.assertIsInstance(r, faqlite.CheckReport)
        self.assertTrue(r.ok, [p.text for p in r.problems])
        self.assertEqual(r.errors, 0)
        self.assertGreater(r.entries, 0)
        self.assertIn("en", r.languages)
        self.assertEqual(len(r.files), len(list(support.CORPUS.glob("*.json"))))

    def test_broken_file_reports_errors_with_file_and_line(self):
        path = str(CHECK_DATA / "dangling_follow_up.json")
        r = faqlite.check(path)  # a report with errors is a normal return
        self.assertFalse(r.ok)
        self.assertEqual((r.errors, r.warnings), (1, 0))
        p = r.problems[0]
        self.assertIsInstance(p, faqlite.Problem)
        self.assertEqual((p.severity, p.code, p.field), ("error", "dangling_follow_up",
                                                          "follow_ups"))
        self.assertEqual((p.file, p.line, p.id, p.lang), (path, 10, "a", "en"))
        self.assertIn('"nowhere"', p.message)
        self.assertTrue(p.text.startswith(path + ":10: follow_ups: "), p.text)

    def test_several_files_and_kinds_of_errors(self):
        paths = [CHECK_DATA / "duplicate_id.json", CHECK_DATA / "broken_syntax.json",
                 CHECK_DATA / "lines.jsonl"]
        r = faqlite.check(paths)
        self.assertEqual(r.files, [str(p) for p in paths])
        codes = {p.code for p in r.problems}
        self.assertTrue({"duplicate_id", "syntax", "schema"} <= codes, codes)
        self.assertEqual(r.errors, sum(p.severity == "error" for p in r.problems))
        self.assertTrue(all(p.line > 0 for p in r.problems))

    def test_missing_translations_are_warnings_unless_required(self):
        folder = CHECK_DATA / "missing_translation"
        r = faqlite.check(folder)
        self.assertTrue(r.ok)
        self.assertEqual((r.errors, r.warnings), (0, 1))
        self.assertEqual(r.missing_translations, {"es": ["b"]})
        self.assertEqual(r.problems[0].severity, "warning")
        strict = faqlite.check(folder, require_translations=True)
        self.assertFalse(strict.ok)
        self.assertEqual((strict.errors, strict.problems[0].code), (1, "missing_translation"))

    def test_missing_path_raises_not_found(self):
        missing = str(CHECK_DATA / "no-such-file.json")
        with self.assertRaises(faqlite.NotFound) as cm:
            faqlite.check([str(support.CORPUS), missing])
        self.assertEqual(cm.exception.code, errors.ENOTFOUND)
        self.assertIn("no-such-file.json", cm.exception.message)

    def test_bad_arguments_raise_naming_them(self):
        for args, kwargs, exc, name in (((3,), {}, TypeError, "paths"),
                                        ((["a", None],), {}, TypeError, "paths[1]"),
                                        (({"a": 1},), {}, TypeError, "paths"),
                                        (("a\0b",), {}, ValueError, "paths[0]"),
                                        (("a",), {"require_translations": 1}, TypeError,
                                         "require_translations"),
                                        (("a",), {"lang": 1}, TypeError, "lang")):
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(exc) as cm:
                    faqlite.check(*args, **kwargs)
                self.assertIn(name, str(cm.exception))


class SameAsCliTest(support.TempDirTestCase):
    """The bindings return what the CLI prints, for the same input and options."""

    def test_import_matches_faqlite_import(self):
        cases = [(IMPORT_DATA / "helpdesk.md", {}, []),
                 (IMPORT_DATA / "web-export.txt", {"drop": ["(?i)^accept cookies"]},
                  ["--drop", "(?i)^accept cookies"]),
                 (IMPORT_DATA / "guia-es.txt", {"max_passage_words": 60, "id_prefix": "g-"},
                  ["--max-words", "60", "--id-prefix", "g-"])]
        guide = self.tmp / "guide.md"
        guide.write_text(GUIDE, encoding="utf-8")
        cases.append((guide, {"keep_boilerplate": True, "name": "Shop"},
                      ["--keep-boilerplate", "--name", "Shop"]))
        for path, kwargs, flags in cases:
            with self.subTest(path=path.name):
                report_file = self.tmp / "report.json"
                rc, out = run_cli("import", *flags, "--report", report_file, path)
                self.assertEqual(rc, 0)
                r = faqlite.import_text(path.read_bytes(), source=str(path), **kwargs)
                self.assertEqual(r.corpus, json.loads(out))
                self.assertEqual(r.report, json.loads(report_file.read_text(encoding="utf-8")))

    def test_check_matches_faqlite_check_json(self):
        cases = [([support.CORPUS], {}, []),
                 ([CHECK_DATA], {}, []),
                 ([CHECK_DATA / "missing_translation", CHECK_DATA / "lines.jsonl"],
                  {"require_translations": True, "lang": "en"},
                  ["--require-translations", "--lang", "en"])]
        for paths, kwargs, flags in cases:
            with self.subTest(paths=paths, flags=flags):
                rc, out = run_cli("check", "--json", *flags, *paths)
                r = faqlite.check([str(p) for p in paths], **kwargs)
                self.assertEqual(r.raw, json.loads(out))
                self.assertEqual(rc, 0 if r.ok else 1)


if __name__ == "__main__":
    unittest.main()
