"""Asking: the binding gives the same answers as the CLI, as typed objects."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import faqlite

from . import support

# Questions in the corpus's languages, some with their language given and some left to detection,
# a few with context or filters: every one is asked through the binding and through the CLI.
QUESTIONS = [
    {"query": "How much does an International Sales Manager earn?", "lang": "en"},
    {"query": "what's the salary range?"},
    {"query": "is travel mandatory in this job?"},
    {"query": "Do I need an MBA?", "lang": "en"},
    {"query": "which CRM tools should I master"},
    {"query": "what does a typical day look like"},
    {"query": "hello"},
    {"query": "thanks a lot!"},
    {"query": "how do I become one?", "context": ["What does an International Sales Manager do?"]},
    {"query": "and for senior level?", "context": ["What is the entry-level salary?"]},
    {"query": "salary", "filters": {"kind": "passage"}},
    {"query": "skills", "filters": {"tags": ["skills"]}, "k": 3},
    {"query": "purple elephants dancing on the moon"},
    {"query": "¿Cuánto gana un gerente de ventas internacionales?", "lang": "es"},
    {"query": "¿hay que viajar mucho?"},
    {"query": "Wie viel verdient ein internationaler Vertriebsleiter?", "lang": "de"},
    {"query": "Brauche ich einen MBA?"},
    {"query": "Quel est le salaire d'un responsable des ventes internationales ?", "lang": "fr"},
    {"query": "Quais são as habilidades necessárias?", "lang": "pt"},
    {"query": "Сколько зарабатывает менеджер по международным продажам?", "lang": "ru"},
    {"query": "كم يكسب مدير المبيعات الدولية؟", "lang": "ar"},
    {"query": "国际销售经理的工资是多少？", "lang": "zh"},
    {"query": "国際営業マネージャーの給料はいくらですか？", "lang": "ja"},
    {"query": "salary", "k": 1},
    {"query": "salary", "k": 10, "threshold": 0.9},
]


def ask_kwargs(q):
    return {k: q[k] for k in ("lang", "k", "context", "filters", "threshold") if k in q}


class CorpusTestCase(unittest.TestCase):
    """Builds an index of the bundled corpus once for the class, through the binding."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="faqlite-py-")
        cls.db = os.path.join(cls.tmp, "corpus.db")
        with faqlite.Engine(cls.db) as engine:
            engine.index(str(support.CORPUS))
        cls.engine = faqlite.Engine(cls.db, readonly=True)

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)


class SameAnswersAsCliTest(CorpusTestCase):
    def cli_results(self):
        lines = "".join(json.dumps(dict(q, id=i)) + "\n" for i, q in enumerate(QUESTIONS))
        proc = subprocess.run([support.cli_path(), "ask", "--db", self.db, "--jsonl"],
                              input=lines.encode(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode(errors="replace"))
        out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        self.assertEqual(len(out), len(QUESTIONS))
        return {r["id"]: r for r in out}

    def test_same_ids_outcomes_and_confidences(self):
        cli = self.cli_results()
        answered = 0
        for i, q in enumerate(QUESTIONS):
            with self.subTest(query=q["query"]):
                mine = self.engine.ask(q["query"], **ask_kwargs(q))
                theirs = cli[i]
                self.assertEqual(mine.outcome, theirs["outcome"])
                self.assertEqual(mine.lang, theirs["lang"])
                self.assertEqual([a.id for a in mine.answers], [a["id"] for a in theirs["answers"]])
                self.assertEqual([a.lang for a in mine.answers],
                                 [a["lang"] for a in theirs["answers"]])
                self.assertEqual([a.confidence for a in mine.answers],
                                 [a["confidence"] for a in theirs["answers"]])
                self.assertEqual(mine.fallback, theirs.get("fallback"))
                answered += mine.answered
        # The comparison means little if nothing is ever answered.
        self.assertGreater(answered, len(QUESTIONS) // 3)

    def test_single_question_cli_json(self):
        q = "How much does an International Sales Manager earn?"
        proc = subprocess.run([support.cli_path(), "ask", "--db", self.db, "--json", "--lang", "en",
                               q], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode(errors="replace"))
        self.assertEqual(json.loads(proc.stdout), json.loads(self.engine.ask_json(q, lang="en")))


class ResultObjectsTest(CorpusTestCase):
    def test_typed_fields(self):
        r = self.engine.ask("How much does an International Sales Manager earn?", lang="en")
        self.assertIsInstance(r, faqlite.Result)
        self.assertEqual(r.query, "How much does an International Sales Manager earn?")
        self.assertEqual(r.lang, "en")
        self.assertIn(r.outcome, ("answered", "clarify", "fallback"))
        self.assertEqual(r.answered, r.outcome == "answered")
        self.assertTrue(r.answers)
        self.assertIs(r.top, r.answers[0])
        for a in r.answers:
            self.assertIsInstance(a, faqlite.Answer)
            self.assertIsInstance(a.id, str)
            self.assertIsInstance(a.score, float)
            self.assertTrue(0.0 <= a.confidence <= 1.0)
            self.assertIn(a.kind, ("faq", "passage", "chitchat"))
            self.assertIsInstance(a.tags, list)
            for f in a.follow_ups:
                self.assertIsInstance(f, faqlite.FollowUp)
                self.assertTrue(f.id and f.question)
            for start, end in a.highlights:
                self.assertLessEqual(0, start)
                self.assertLess(start, end)
                self.assertLessEqual(end, len(a.answer.encode("utf-8")))
        self.assertTrue(any("<mark>" in a.snippet for a in r.answers))
        self.assertIsNone(r.fallback)
        self.assertEqual(r.raw["query"], r.query)

    def test_ask_json_is_the_parsed_result(self):
        text = self.engine.ask_json("what's the salary range?", k=3)
        self.assertIsInstance(text, str)
        r = faqlite.Result.from_json(json.loads(text))
        self.assertEqual(r, self.engine.ask("what's the salary range?", k=3))

    def test_fallback_carries_the_corpus_text(self):
        r = self.engine.ask("purple elephants dancing on the moon", lang="en")
        self.assertEqual(r.outcome, "fallback")
        self.assertFalse(r.answered)
        self.assertTrue(r.fallback)

    def test_k_limits_the_answers(self):
        self.assertLessEqual(len(self.engine.ask("salary", k=2, threshold=0.99).answers), 2)
        self.assertEqual(len(self.engine.ask("salary", k=1).answers), 1)

    def test_filters_apply(self):
        r = self.engine.ask("salary", filters={"kind": "passage"}, k=10)
        self.assertTrue(r.answers)
        self.assertTrue(all(a.kind == "passage" for a in r.answers))

    def test_explain_adds_explanations(self):
        r = self.engine.ask("what's the salary range?", explain=True)
        self.assertTrue(r.answers)
        self.assertTrue(all(a.explanation is not None for a in r.answers))
        plain = self.engine.ask("what's the salary range?")
        self.assertTrue(all(a.explanation is None for a in plain.answers))

    def test_context_is_returned_for_the_next_turn(self):
        first = self.engine.ask("What does an International Sales Manager do?", lang="en")
        self.assertIn("What does an International Sales Manager do?", first.context)
        second = self.engine.ask("and how much do they earn?", context=first.context)
        self.assertGreaterEqual(len(second.context), 2)


class KnownAnswersTest(support.TempDirTestCase):
    """Assertions on a corpus written here, independent of the bundled corpus's wording."""

    def test_small_corpus(self):
        with faqlite.Engine(str(self.tmp / "small.db")) as engine:
            engine.index_text(support.small_corpus_text(), source="small")
            r = engine.ask("when do you open?", lang="en")
            self.assertEqual(r.outcome, "answered")
            self.assertEqual(r.top.id, "opening-hours")
            self.assertEqual(r.top.answer, "The shop is open from 9 to 17, Monday to Saturday.")
            self.assertEqual([f.id for f in r.top.follow_ups], ["location"])
            self.assertEqual(engine.ask("parking").top.kind, "passage")
            es = engine.ask("¿Cuándo abre la tienda?", lang="es")
            self.assertEqual((es.top.id, es.top.lang), ("opening-hours", "es"))
            nothing = engine.ask("quantum chromodynamics lecture notes", lang="en")
            self.assertEqual(nothing.outcome, "fallback")
            self.assertEqual(nothing.fallback, "No idea, sorry.")

    def test_default_k_is_the_engines(self):
        # Without k the engine's default applies, clamped to its max_k, rather than a fixed 5.
        with faqlite.Engine(max_k=2) as engine:
            engine.index_text(support.small_corpus_text())
            self.assertEqual(len(engine.ask("shop", threshold=1.0).answers), 2)
            with self.assertRaises(faqlite.LimitError):
                engine.ask("shop", k=3)


if __name__ == "__main__":
    unittest.main()
