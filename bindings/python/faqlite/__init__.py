"""faqlite: an embeddable multilingual FAQ answer engine, for Python.

    import faqlite
    with faqlite.Engine("faq.db") as engine:
        engine.index("corpus/")
        result = engine.ask("what does the job pay?")
        if result.answered:
            print(result.top.answer)

Corpus tools that need no engine: faqlite.import_text(document) turns a guide document into
corpus JSON, faqlite.check("corpus/") validates corpus files.

A thin binding over libfaqlite's C API (ctypes, standard library only). The library is found
through FAQLITE_LIBRARY (a path), then FAQLITE_BUILD_DIR, then the faqlite build tree
(build/libfaqlite.so), then the system's library path.
"""

from ._native import LibraryNotFoundError
from ._version import __version__
from .corpus_tools import check, import_text
from .engine import Engine, analyzer_fingerprint, version
from .errors import (Busy, Corrupt, EngineClosed, Exists, FaqliteError, FormatError,
                     InputOutputError, InvalidArgument, LimitError, NotFound, OutOfMemory,
                     ReadOnly, VersionError)
from .results import Answer, CheckReport, Correction, FollowUp, ImportResult, Problem, Result

__all__ = [
    "Answer", "Busy", "CheckReport", "Corrupt", "Correction", "Engine", "EngineClosed", "Exists",
    "FaqliteError", "FollowUp", "FormatError", "ImportResult", "InputOutputError",
    "InvalidArgument", "LibraryNotFoundError", "LimitError", "NotFound", "OutOfMemory", "Problem",
    "ReadOnly", "Result", "VersionError", "__version__", "analyzer_fingerprint", "check",
    "import_text", "version",
]
