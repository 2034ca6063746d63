"""One engine shared by several threads: concurrent asks, writes, and a close that waits."""

import threading
import unittest

import faqlite

from .test_ask import QUESTIONS, CorpusTestCase, ask_kwargs

THREADS = 8
ROUNDS = 5


def run_threads(n, target):
    errors = []
    start = threading.Barrier(n)

    def body(i):
        try:
            start.wait()
            target(i)
        except BaseException as e:  # collected and re-raised in the main thread
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
        if t.is_alive():
            raise AssertionError("a thread did not finish")
    return errors


class ThreadsTest(CorpusTestCase):
    def expected(self):
        return [[a.id for a in self.engine.ask(q["query"], **ask_kwargs(q)).answers]
                for q in QUESTIONS]

    def test_eight_threads_asking_at_once(self):
        expected = self.expected()
        got = [[] for _ in range(THREADS)]

        def asker(i):
            for r in range(ROUNDS):
                # Each thread starts at another question so that different questions overlap.
                for j in range(len(QUESTIONS)):
                    q = QUESTIONS[(i + j) % len(QUESTIONS)]
                    ids = [a.id for a in self.engine.ask(q["query"], **ask_kwargs(q)).answers]
                    got[i].append(((i + j) % len(QUESTIONS), ids))

        self.assertEqual(run_threads(THREADS, asker), [])
        for i in range(THREADS):
            self.assertEqual(len(got[i]), ROUNDS * len(QUESTIONS))
            for index, ids in got[i]:
                self.assertEqual(ids, expected[index])

    def test_errors_stay_with_their_thread(self):
        # The C library keeps the last error per thread: a failing call in one thread must not
        # change the message another thread reads.
        def worker(i):
            for _ in range(50):
                if i % 2:
                    with self.assertRaises(faqlite.LimitError) as cm:
                        self.engine.ask("salary", k=10000)
                    self.assertIn('"k"', cm.exception.message)
                else:
                    with self.assertRaises(faqlite.NotFound) as cm:
                        self.engine.get("no-such-entry-%d" % i)
                    self.assertIn("no-such-entry-%d" % i, cm.exception.message)

        self.assertEqual(run_threads(THREADS, worker), [])


class WritersAndCloseTest(unittest.TestCase):
    def test_readers_and_a_writer(self):
        from . import support
        with faqlite.Engine() as engine:
            engine.index_text(support.small_corpus_text())

            def worker(i):
                for n in range(30):
                    if i == 0:
                        engine.put({"id": "extra-%d" % n, "lang": "en",
                                    "question": "Extra question number %d?" % n,
                                    "answer": "Extra answer %d." % n})
                    else:
                        self.assertEqual(engine.ask("when do you open?", lang="en").top.id,
                                         "opening-hours")

            self.assertEqual(run_threads(THREADS, worker), [])
            self.assertEqual(engine.get("extra-29")["answer"], "Extra answer 29.")

    def test_close_waits_for_running_calls(self):
        from . import support
        engine = faqlite.Engine()
        engine.index_text(support.small_corpus_text())
        started = threading.Event()
        outcomes = []

        def asker(i):
            started.set()
            while True:
                try:
                    engine.ask("when do you open?")
                except faqlite.EngineClosed:
                    outcomes.append("closed")
                    return

        threads = [threading.Thread(target=asker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        started.wait(60)
        engine.close()
        for t in threads:
            t.join(60)
        self.assertEqual(outcomes, ["closed"] * THREADS)
        self.assertTrue(engine.closed)


if __name__ == "__main__":
    unittest.main()
