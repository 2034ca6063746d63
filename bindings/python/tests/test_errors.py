"""Bad arguments and hostile input: clear exceptions, never a crash."""

import os
import subprocess
import sys
import unittest
from pathlib import Path

import faqlite
from faqlite import errors

from . import support


class BindingArgumentErrorsTest(unittest.TestCase):
    """Mistakes the binding sees itself: TypeError or ValueError naming the argument."""

    @classmethod
    def setUpClass(cls):
        cls.engine = faqlite.Engine()
        cls.engine.index_text(support.small_corpus_text())

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def assertRaisesNaming(self, exc, name, fn, *args, **kwargs):
        with self.assertRaises(exc) as cm:
            fn(*args, **kwargs)
        self.assertIn(name, str(cm.exception))
        self.assertNotIsInstance(cm.exception, faqlite.FaqliteError)

    def test_wrong_types(self):
        ask = self.engine.ask
        self.assertRaisesNaming(TypeError, "question", ask, None)
        self.assertRaisesNaming(TypeError, "question", ask, b"opening hours")
        self.assertRaisesNaming(TypeError, "question", ask, 42)
        self.assertRaisesNaming(TypeError, "lang", ask, "hours", lang=1)
        self.assertRaisesNaming(TypeError, "k", ask, "hours", k="3")
        self.assertRaisesNaming(TypeError, "k", ask, "hours", k=2.0)
        self.assertRaisesNaming(TypeError, "k", ask, "hours", k=True)
        self.assertRaisesNaming(TypeError, "context", ask, "hours", context="one turn")
        self.assertRaisesNaming(TypeError, "context[1]", ask, "hours", context=["a", 2])
        self.assertRaisesNaming(TypeError, "filters", ask, "hours", filters=[("kind", "faq")])
        self.assertRaisesNaming(TypeError, "filters", ask, "hours", filters={"x": object()})
        self.assertRaisesNaming(TypeError, "threshold", ask, "hours", threshold="high")
        self.assertRaisesNaming(TypeError, "explain", ask, "hours", explain="yes")
        self.assertRaisesNaming(TypeError, "path", faqlite.Engine, 12)
        self.assertRaisesNaming(TypeError, "entry", self.engine.put, ["id", "x"])
        self.assertRaisesNaming(TypeError, "id", self.engine.get, 5)
        self.assertRaisesNaming(TypeError, "id", self.engine.delete, None)
        self.assertRaisesNaming(TypeError, "paths", self.engine.index, 3)
        self.assertRaisesNaming(TypeError, "paths[1]", self.engine.index, ["a", None])
        self.assertRaisesNaming(TypeError, "progress", self.engine.index, [], progress=3)
        self.assertRaisesNaming(TypeError, "limit", self.engine.unanswered, "10")
        self.assertRaisesNaming(TypeError, "replace", self.engine.put, {}, replace=None)

    def test_bad_values(self):
        ask = self.engine.ask
        self.assertRaisesNaming(ValueError, "question", ask, "\ud800 lone surrogate")
        self.assertRaisesNaming(ValueError, "threshold", ask, "hours", threshold=float("nan"))
        self.assertRaisesNaming(ValueError, "threshold", ask, "hours", threshold=float("inf"))
        self.assertRaisesNaming(ValueError, "filters", ask, "x", filters={"n": float("nan")})
        self.assertRaisesNaming(ValueError, "id", self.engine.get, "opening\0hours")
        self.assertRaisesNaming(ValueError, "lang", self.engine.delete, "x", lang="e\0n")
        self.assertRaisesNaming(ValueError, "path", faqlite.Engine, "/tmp/a\0b.db")
        self.assertRaisesNaming(ValueError, "limit", self.engine.unanswered, 0)


class EngineErrorsTest(support.TempDirTestCase):
    """What the engine refuses: the FaqliteError subclass of its code, with its message."""

    def setUp(self):
        super().setUp()
        self.engine = faqlite.Engine(str(self.tmp / "e.db"))
        self.addCleanup(self.engine.close)
        self.engine.index_text(support.small_corpus_text())

    def check(self, cls, code, fn, *args, **kwargs):
        with self.assertRaises(cls) as cm:
            fn(*args, **kwargs)
        e = cm.exception
        self.assertIsInstance(e, faqlite.FaqliteError)
        self.assertEqual(e.code, code)
        self.assertEqual(e.code_name, errors.CODE_NAMES[code])
        self.assertTrue(e.message)
        self.assertEqual(str(e), e.message)
        return e

    def test_codes_and_messages(self):
        e = self.check(faqlite.InvalidArgument, errors.EINVAL, faqlite.Engine, ":memory:",
                       no_such_option=1)
        self.assertIn("no_such_option", e.message)
        e = self.check(faqlite.InvalidArgument, errors.EINVAL, faqlite.Engine, ":memory:",
                       cache_mb=0)
        self.assertIn("cache_mb", e.message)
        e = self.check(faqlite.InvalidArgument, errors.EINVAL, faqlite.Engine, ":memory:",
                       trim_ms="often")
        self.assertIn("trim_ms", e.message)
        with faqlite.Engine(":memory:", cache_mb=1) as small:
            self.assertEqual(small.ask("hours").outcome, "fallback")
        e = self.check(faqlite.InvalidArgument, errors.EINVAL, self.engine.ask, "hours", k=0)
        self.assertIn('"k"', e.message)
        self.check(faqlite.InvalidArgument, errors.EINVAL, self.engine.ask, "hours", lang="!!")
        self.check(faqlite.InvalidArgument, errors.EINVAL, self.engine.ask, "hours",
                   threshold=1.5)
        self.check(faqlite.InvalidArgument, errors.EINVAL, self.engine.ask, "hours",
                   filters={"no_such_field": 1})
        self.check(faqlite.LimitError, errors.ELIMIT, self.engine.ask, "hours", k=100000)
        e = self.check(faqlite.NotFound, errors.ENOTFOUND, self.engine.get, "no-such-id")
        self.assertIn("no-such-id", e.message)
        self.check(faqlite.NotFound, errors.ENOTFOUND, self.engine.delete, "no-such-id")
        self.check(faqlite.NotFound, errors.ENOTFOUND, self.engine.index, str(self.tmp / "none"))
        self.check(faqlite.Exists, errors.EEXISTS, self.engine.add,
                   {"id": "location", "lang": "en", "question": "q?", "answer": "a."})
        e = self.check(faqlite.FormatError, errors.EFORMAT, self.engine.put, {"id": "no-answer"})
        self.assertIn("answer", e.message)
        self.check(faqlite.FormatError, errors.EFORMAT, self.engine.put, "{not json")
        self.check(faqlite.FormatError, errors.EFORMAT, self.engine.index_text, "[1, 2]")

    def test_corrupt_and_readonly(self):
        junk = self.tmp / "junk.db"
        junk.write_bytes(b"this is not an index" * 500)
        self.check(faqlite.Corrupt, errors.ECORRUPT, faqlite.Engine, str(junk))
        self.check(faqlite.NotFound, errors.ENOTFOUND, faqlite.Engine, str(self.tmp / "no.db"),
                   readonly=True)
        with faqlite.Engine(str(self.tmp / "e.db"), readonly=True) as ro:
            self.assertEqual(ro.ask("when do you open?").top.id, "opening-hours")
            self.check(faqlite.ReadOnly, errors.EREADONLY, ro.delete, "location")

    def test_hostile_questions_do_not_crash(self):
        # NUL bytes are passed through with the length: the engine sees all of the text.
        for q in ("\0", "opening\0hours", "\0" * 1000, "\u202e\u0000\ufeff", "🙂" * 500,
                  "' OR 1=1 --", 'NEAR("a" "b") AND * OR "', "\x01\x02\x7f"):
            with self.subTest(q=q[:20]):
                r = self.engine.ask(q)
                self.assertIn(r.outcome, ("answered", "clarify", "fallback"))
        self.check(faqlite.LimitError, errors.ELIMIT, self.engine.ask, "x" * (16 * 1024 * 1024))
        self.check(faqlite.LimitError, errors.ELIMIT, self.engine.ask, "hours",
                   context=["x" * 100000])

    def test_max_question_bytes_option(self):
        with faqlite.Engine(max_question_bytes=8) as small:
            small.ask("12345678")
            self.check(faqlite.LimitError, errors.ELIMIT, small.ask, "123456789")


class ClosedEngineTest(unittest.TestCase):
    def test_every_call_raises_after_close(self):
        engine = faqlite.Engine()
        engine.close()
        engine.close()  # idempotent
        self.assertTrue(engine.closed)
        calls = [lambda: engine.ask("x"), lambda: engine.ask_json("x"),
                 lambda: engine.put({"id": "a", "answer": "b"}), lambda: engine.delete("a"),
                 lambda: engine.get("a"), lambda: engine.stats(), lambda: engine.unanswered(),
                 lambda: engine.index([]), lambda: engine.index_text("{}"),
                 lambda: engine.rebuild(), lambda: engine.analyze("x")]
        for call in calls:
            with self.assertRaises(faqlite.EngineClosed) as cm:
                call()
            self.assertIsInstance(cm.exception, faqlite.FaqliteError)
            self.assertIn("closed", str(cm.exception))

    def test_context_manager_closes(self):
        with faqlite.Engine() as engine:
            self.assertFalse(engine.closed)
        self.assertTrue(engine.closed)
        self.assertRaises(faqlite.EngineClosed, engine.ask, "x")

    def test_calls_from_inside_progress_callback_are_refused(self):
        # The engine holds its write lock while it reports progress: a write from the callback
        # would deadlock, and close() would wait for itself.
        with faqlite.Engine() as engine:
            seen = []
            attempts = [engine.close, lambda: engine.put({"id": "x", "answer": "y"}),
                        lambda: engine.ask("x"), engine.stats]

            def progress(source, done, total):
                for attempt in attempts:
                    try:
                        attempt()
                    except RuntimeError as e:
                        seen.append(str(e))

            engine.index(str(support.CORPUS / "en.json"), progress=progress)
            self.assertTrue(seen)
            self.assertEqual(len(seen) % len(attempts), 0)
            self.assertFalse(engine.closed)
            self.assertGreater(engine.stats()["entries"], 0)


class LibraryLoadingTest(unittest.TestCase):
    def test_bad_faqlite_library_names_what_was_tried(self):
        env = dict(os.environ, FAQLITE_LIBRARY="/nonexistent/libfaqlite.so")
        code = "import faqlite\ntry:\n faqlite.version()\nexcept OSError as e:\n print(e)\n"
        out = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                             cwd=str(Path(faqlite.__file__).parent.parent), timeout=60)
        self.assertIn(b"FAQLITE_LIBRARY: /nonexistent/libfaqlite.so", out.stdout)

    def test_versions(self):
        self.assertRegex(faqlite.version(), r"^\d+\.\d+\.\d+$")
        self.assertEqual(faqlite.version().split(".")[:2], faqlite.__version__.split(".")[:2])
        self.assertIn("icu", faqlite.analyzer_fingerprint())


if __name__ == "__main__":
    unittest.main()
