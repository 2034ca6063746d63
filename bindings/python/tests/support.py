"""Shared pieces of the binding's tests: where the repository, corpus and CLI are, and a small
corpus whose answers are known in advance."""

import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "corpus"


def build_dir():
    return Path(os.environ.get("FAQLITE_BUILD_DIR", REPO / "build"))


def cli_path():
    """The faqlite CLI of the same build as the library under test."""
    if os.environ.get("FAQLITE_CLI"):
        return os.environ["FAQLITE_CLI"]
    if os.environ.get("FAQLITE_LIBRARY"):
        beside = Path(os.environ["FAQLITE_LIBRARY"]).resolve().parent / "faqlite"
        if beside.exists():
            return str(beside)
    return str(build_dir() / "faqlite")


# A tiny corpus for assertions that must not depend on the bundled corpus's wording.
SMALL_CORPUS = {
    "faqlite": 1,
    "lang": "en",
    "fallback": "No idea, sorry.",
    "synonyms": [["bicycle", "bike"]],
    "entries": [
        {"id": "opening-hours", "question": "When is the shop open?",
         "alternates": ["opening hours", "what time do you open"],
         "answer": "The shop is open from 9 to 17, Monday to Saturday.",
         "tags": ["shop"], "follow_ups": ["location"]},
        {"id": "location", "question": "Where is the shop?",
         "answer": "The shop is at 12 Harbour Street, next to the ferry terminal.",
         "tags": ["shop"]},
        {"id": "bicycle-repair", "question": "Do you repair bicycles?",
         "answer": "Yes, we repair bicycles of every brand within two days.",
         "tags": ["service"], "section": "Services"},
        {"id": "parking", "kind": "passage", "title": "Parking", "section": "Visiting",
         "answer": "Free parking for customers is available behind the building."},
        {"id": "opening-hours", "lang": "es", "question": "¿Cuándo abre la tienda?",
         "answer": "La tienda abre de 9 a 17, de lunes a sábado."},
    ],
}


def small_corpus_text():
    return json.dumps(SMALL_CORPUS, ensure_ascii=False)


class TempDirTestCase(unittest.TestCase):
    """A test case with a fresh temporary folder, removed afterwards."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="faqlite-py-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
