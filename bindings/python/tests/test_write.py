"""Writing and reading entries: add, put, delete, index, get, stats, unanswered."""

import json
import unittest

import faqlite

from . import support


class WriteTest(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.engine = faqlite.Engine(str(self.tmp / "w.db"))
        self.addCleanup(self.engine.close)

    def entry(self, **fields):
        e = {"id": "returns", "lang": "en", "question": "Can I return a bicycle?",
             "answer": "Returns are accepted within thirty days with the receipt."}
        e.update(fields)
        return e

    def test_add_put_get_delete(self):
        self.engine.add(self.entry())
        got = self.engine.get("returns")
        self.assertEqual(got["id"], "returns")
        self.assertEqual(got["answer"], "Returns are accepted within thirty days with the receipt.")
        self.assertEqual(self.engine.ask("can I return my bicycle?", lang="en").top.id, "returns")
        with self.assertRaises(faqlite.Exists):
            self.engine.add(self.entry(answer="Another answer."))
        self.engine.put(self.entry(answer="Returns within fourteen days."))
        self.assertEqual(self.engine.get("returns", lang="en")["answer"],
                         "Returns within fourteen days.")
        # put also takes the entry as JSON text
        self.engine.put(json.dumps(self.entry(lang="de", question="Kann ich zurückgeben?",
                                              answer="Ja, innerhalb von 14 Tagen.")))
        self.assertEqual(self.engine.get("returns", lang="de")["answer"],
                         "Ja, innerhalb von 14 Tagen.")
        self.engine.delete("returns", lang="de")
        with self.assertRaises(faqlite.NotFound):
            self.engine.get("returns", lang="de")
        self.engine.get("returns", lang="en")
        self.engine.delete("returns")
        with self.assertRaises(faqlite.NotFound):
            self.engine.get("returns")

    def test_index_files_with_progress_and_stats(self):
        calls = []
        self.engine.index([support.CORPUS / "en.json", str(support.CORPUS / "es.json")],
                          progress=lambda source, done, total: calls.append((source, done, total)))
        self.assertTrue(calls)
        self.assertTrue(all(done <= total for _, done, total in calls))
        self.assertTrue(any(source.endswith("en.json") for source, _, _ in calls))
        stats = self.engine.stats()
        self.assertEqual(set(stats["languages"]), {"en", "es"})
        self.assertEqual(stats["entries"], sum(sum(kinds.values())
                                               for kinds in stats["languages"].values()))
        # replace_all drops what was there
        self.engine.index_text(support.small_corpus_text(), source="small", replace_all=True)
        self.assertEqual(self.engine.stats()["entries"], len(support.SMALL_CORPUS["entries"]))

    def test_progress_can_cancel(self):
        self.engine.index_text(support.small_corpus_text())
        before = self.engine.stats()["entries"]
        with self.assertRaises(faqlite.FaqliteError):
            self.engine.index(support.CORPUS / "en.json", progress=lambda *a: False)
        self.assertEqual(self.engine.stats()["entries"], before)

        class Stop(Exception):
            pass

        def boom(*a):
            raise Stop("from the callback")

        with self.assertRaises(Stop):
            self.engine.index(support.CORPUS / "en.json", progress=boom)
        self.assertEqual(self.engine.stats()["entries"], before)

    def test_index_text_jsonl_with_lang(self):
        lines = "\n".join(json.dumps({"id": "q%d" % i, "question": "Frage %d?" % i,
                                      "answer": "Antwort %d." % i}) for i in range(3))
        self.engine.index_text(lines, source="lines.jsonl", lang="de")
        self.assertEqual(self.engine.get("q1")["lang"], "de")
        with self.assertRaises(faqlite.FormatError) as cm:
            self.engine.index_text('{"id": "x"}\n', source="broken.jsonl")
        self.assertIn("broken.jsonl", cm.exception.message)

    def test_unanswered_log(self):
        with faqlite.Engine(str(self.tmp / "log.db"), log_unanswered=True) as engine:
            engine.index_text(support.small_corpus_text())
            for _ in range(3):
                engine.ask("do you sell submarines?", lang="en")
            engine.ask("when do you open?", lang="en")
            logged = engine.unanswered(limit=10)
            self.assertEqual(logged[0]["query"], "do you sell submarines?")
            self.assertEqual(logged[0]["count"], 3)
            self.assertNotIn("when do you open?", [x["query"] for x in logged])

    def test_rebuild_and_analyze(self):
        self.engine.index_text(support.small_corpus_text())
        self.engine.rebuild()
        self.assertEqual(self.engine.ask("when do you open?", lang="en").top.id, "opening-hours")
        tokens = self.engine.analyze("Bicycles repaired", lang="en")
        self.assertTrue(tokens)
        self.assertTrue(all({"term", "start", "end"} <= set(t) for t in tokens))


if __name__ == "__main__":
    unittest.main()
