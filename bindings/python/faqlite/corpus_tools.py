"""The corpus tools of the C API, which need no engine: import_text() turns a guide document into
corpus JSON, check() validates corpus files (docs/import.md). They return what `faqlite import`
and `faqlite check --json` print, parsed.
"""

from __future__ import annotations

import ctypes
import json
import os
from typing import Iterable, Optional, Sequence, Union

from . import _args
from . import errors
from ._native import lib, raise_last_error, take_owned_string
from .results import CheckReport, ImportResult

PathArg = Union[str, bytes, "os.PathLike[str]"]


def import_text(text: Union[str, bytes], *, lang: Optional[str] = None,
                source: Optional[str] = None, name: Optional[str] = None,
                max_passage_words: Optional[int] = None,
                min_passage_words: Optional[int] = None, drop: Optional[Sequence[str]] = None,
                id_prefix: Optional[str] = None, format: Optional[str] = None,
                keep_boilerplate: Optional[bool] = None) -> ImportResult:
    """Turns a guide document (plain text or Markdown) into a corpus document.

    text: the document, as str or as undecoded bytes (bytes that are not UTF-8 are read as
    windows-1252, and the report says so). lang: its language (detected when None). source:
    names it in the report and the corpus "source" field. name: the corpus name (default: the
    document's title). max_passage_words / min_passage_words: passage sizes (150 / 40).
    drop: ICU regular expressions; lines where one matches are left out. id_prefix: prepended to
    every id. format: "auto", "text" or "markdown". keep_boilerplate: keep a trailing block of
    page furniture. An option the library refuses (an unknown language, a pattern that does not
    compile, a size out of range) raises InvalidArgument naming it.
    """
    data = _args.document(text, "text")
    options = _args.import_options(lang, source, name, max_passage_words, min_passage_words,
                                   drop, id_prefix, format, keep_boilerplate)
    corpus_out, report_out = ctypes.c_void_p(), ctypes.c_void_p()
    rc = lib().faqlite_import_text(data, len(data), options, ctypes.byref(corpus_out),
                                   ctypes.byref(report_out))
    # Both buffers are taken (and so freed) before anything can raise.
    corpus_text = take_owned_string(corpus_out.value)
    report_text = take_owned_string(report_out.value)
    if rc != errors.OK:
        raise_last_error(rc)
    return ImportResult(corpus=json.loads(corpus_text), report=json.loads(report_text))


def check(paths: Union[PathArg, Iterable[PathArg]], *, require_translations: bool = False,
          lang: Optional[str] = None) -> CheckReport:
    """Validates corpus files and folders (folders recursively) without indexing them.

    Problems in the files are the report's business, not exceptions: a report with errors is
    returned with ok=False. require_translations: ids missing in some language are errors, not
    warnings. lang: the language of JSONL entries that name none. A path that does not exist
    raises NotFound, one that cannot be read InputOutputError.
    """
    encoded = _args.path_list(paths, "paths")
    options = _args.check_options(require_translations, lang)
    array = (ctypes.c_char_p * len(encoded))(*encoded)
    report_out = ctypes.c_void_p()
    rc = lib().faqlite_check_paths(array, len(encoded), options, ctypes.byref(report_out))
    report_text = take_owned_string(report_out.value)
    if rc not in (errors.OK, errors.EFORMAT) or report_text is None:
        raise_last_error(rc)
    return CheckReport.from_json(json.loads(report_text))
