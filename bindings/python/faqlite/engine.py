"""faqlite.Engine: an open faqlite index, over the C API of include/faqlite.h.

The C engine is thread-safe, but faqlite_close() must not race with any other call. So every call
holds a use count while it runs (ctypes releases the GIL during the C call, so calls from several
threads do run at once), and close() waits for the count to drop to zero before closing; a call
that starts after close() began raises EngineClosed.
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _args
from . import errors
from ._native import PROGRESS_FN, lib, take_owned_string
from ._native import raise_last_error as _raise_for
from .results import Result

PathArg = Union[str, bytes, "os.PathLike[str]"]


class Engine:
    """An open faqlite index.

    `path` is the index file (created if missing, unless create=False) or ":memory:". Keyword
    options are the engine options of faqlite_open: readonly, create, threshold, thresholds,
    clarify_margin, log_unanswered, max_question_bytes, max_k, max_context_turns,
    max_entry_bytes, busy_timeout_ms, cache_mb, trim_ms, matcher. An unknown option raises
    InvalidArgument.

    Use it as a context manager, or call close(). One Engine may be shared by many threads.
    """

    _handle = None  # so that __del__ works on an engine whose __init__ failed

    def __init__(self, path: PathArg = ":memory:", **options: Any) -> None:
        path_b = _args.path(path, "path")
        options_b = _args.to_json(options, "options") if options else None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._users = 0
        self._closing = False
        self._local = threading.local()
        self.path = os.fsdecode(path_b)
        handle = ctypes.c_void_p()
        rc = lib().faqlite_open(path_b, options_b, ctypes.byref(handle))
        if rc != 0:
            _raise_for(rc)
        self._handle = handle.value

    # ---- lifetime ---------------------------------------------------------------------------

    def _enter(self):
        if getattr(self._local, "in_callback", False):
            # The engine holds its write lock while it reports progress: a write from here would
            # deadlock, so no call is let through.
            raise RuntimeError("a progress callback must not call its own engine")
        with self._lock:
            if self._handle is None or self._closing:
                raise errors.EngineClosed("the engine is closed")
            self._users += 1
            handle = self._handle
        self._local.depth = getattr(self._local, "depth", 0) + 1
        return handle

    def _leave(self):
        self._local.depth -= 1
        with self._lock:
            self._users -= 1
            if self._users == 0:
                self._idle.notify_all()

    def close(self) -> None:
        """Closes the index, after the calls running in other threads finish. Idempotent."""
        if getattr(self._local, "depth", 0):
            # Waiting here for our own call to end would never return.
            raise RuntimeError("a progress callback must not call its own engine")
        with self._lock:
            self._closing = True
            while self._users:
                self._idle.wait()
            handle, self._handle = self._handle, None
        if handle is not None:
            lib().faqlite_close(handle)

    @property
    def closed(self) -> bool:
        """True once close() has begun: no new call is accepted from then on."""
        return self._handle is None or self._closing

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        # Nothing can be using an engine that is being collected, so no waiting is needed.
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                lib().faqlite_close(handle)
            except Exception:  # interpreter shutdown may have torn down ctypes already
                pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return "<faqlite.Engine %r (%s)>" % (self.path, state)

    # ---- asking -----------------------------------------------------------------------------

    def ask_json(self, question: str, lang: Optional[str] = None, k: Optional[int] = None,
                 context: Optional[Sequence[str]] = None,
                 filters: Optional[Mapping[str, Any]] = None, threshold: Optional[float] = None,
                 explain: bool = False) -> str:
        """The result of ask() as the engine's JSON text, unparsed."""
        q = _args.text(question, "question")
        options = _args.ask_options(lang, k, context, filters, threshold, explain)
        result = ctypes.c_void_p()
        L = lib()
        handle = self._enter()
        try:
            rc = L.faqlite_ask(handle, q, len(q), options, ctypes.byref(result))
            if rc != 0:
                _raise_for(rc)
            try:
                return ctypes.string_at(L.faqlite_result_json(result)).decode("utf-8")
            finally:
                L.faqlite_result_free(result)
        finally:
            self._leave()

    def ask(self, question: str, lang: Optional[str] = None, k: Optional[int] = None,
            context: Optional[Sequence[str]] = None, filters: Optional[Mapping[str, Any]] = None,
            threshold: Optional[float] = None, explain: bool = False) -> Result:
        """Answers `question`.

        lang: the question's language (BCP 47), detected when None. k: how many answers (None:
        the engine's default, 5).
        context: earlier turns, oldest first (pass the previous Result.context). filters:
        {"tags": [...]}, {"section": ...}, {"kind": ...}, {"meta.FIELD": value}, combined with
        {"all": [...]} / {"any": [...]}. threshold: overrides the engine's for this call.
        explain: add an explanation to every answer.
        """
        text = self.ask_json(question, lang=lang, k=k, context=context, filters=filters,
                             threshold=threshold, explain=explain)
        return Result.from_json(json.loads(text))

    # ---- writing ----------------------------------------------------------------------------

    def put(self, entry: Union[Mapping[str, Any], str], replace: bool = True) -> None:
        """Adds one entry (a dict in the corpus entry format, or its JSON text), replacing the
        entry with the same id and language unless replace=False (then Exists is raised)."""
        if isinstance(entry, str):
            data = _args.text(entry, "entry")
        else:
            data = _args.to_json(_args.mapping(entry, "entry"), "entry")
        _args.boolean(replace, "replace")
        self._call("faqlite_put", data, len(data), 1 if replace else 0)

    def add(self, entry: Union[Mapping[str, Any], str]) -> None:
        """Adds one new entry; raises Exists when its id and language are taken."""
        self.put(entry, replace=False)

    def delete(self, id: str, lang: Optional[str] = None) -> None:
        """Deletes entry `id` in language `lang`, or in every language; NotFound if none."""
        self._call("faqlite_delete", _args.cstring(id, "id"), _args.cstring(lang, "lang", True))

    def index(self, paths: Union[PathArg, Iterable[PathArg]], lang: Optional[str] = None,
              replace_all: bool = False,
              progress: Optional[Callable[[str, int, int], Any]] = None) -> None:
        """Indexes corpus files and folders in one transaction.

        lang: the language of JSONL entries that name none. replace_all: drop every entry first.
        progress(source, done, total) is called as files are read; returning False cancels (the
        call then raises FaqliteError and writes nothing), and an exception it raises cancels and
        is re-raised.
        """
        encoded = _args.path_list(paths, "paths")
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        options = _args.index_options(lang, replace_all)
        if progress is not None and not callable(progress):
            raise TypeError("progress must be callable, not %s" % type(progress).__name__)
        raised: List[BaseException] = []

        def trampoline(source, done, total, payload):
            self._local.in_callback = True
            try:
                keep_going = progress(source.decode("utf-8", "replace"), done, total)
                return 1 if keep_going is False else 0
            except BaseException as e:  # an exception must not unwind through C
                raised.append(e)
                return 1
            finally:
                self._local.in_callback = False

        callback = PROGRESS_FN(trampoline) if progress is not None else PROGRESS_FN()
        try:
            self._call("faqlite_index_paths", array, len(encoded), options, callback, None)
        except errors.FaqliteError:
            if raised:
                raise raised[0] from None
            raise

    def index_text(self, text: str, source: Optional[str] = None, lang: Optional[str] = None,
                   replace_all: bool = False) -> None:
        """Indexes corpus text held in memory (a JSON document or JSON Lines); `source` names it
        in error messages."""
        data = _args.text(text, "text")
        self._call("faqlite_index_text", data, len(data), _args.cstring(source, "source", True),
                   _args.index_options(lang, replace_all))

    def rebuild(self) -> None:
        """Rebuilds the full-text index from the stored entries."""
        self._call("faqlite_rebuild")

    # ---- reading ----------------------------------------------------------------------------

    def get(self, id: str, lang: Optional[str] = None) -> Dict[str, Any]:
        """Entry `id` as a dict (language `lang`, or the first found, English preferred)."""
        return json.loads(self._call_owned("faqlite_get", _args.cstring(id, "id"),
                                           _args.cstring(lang, "lang", True)))

    def stats(self) -> Dict[str, Any]:
        """Entry counts per language and kind, file, analyzer fingerprint, format version."""
        return json.loads(self._call_owned("faqlite_stats"))

    def unanswered(self, limit: int = 100) -> List[Dict[str, Any]]:
        """Logged fallback and clarify questions (with log_unanswered=True), most frequent
        first: [{"query", "lang", "count", "outcome", "last_seen"}]."""
        limit = _args.integer(limit, "limit")
        if not 0 < limit <= 2**31 - 1:
            raise ValueError("limit must be between 1 and 2147483647")
        return json.loads(self._call_owned("faqlite_unanswered", limit))

    def analyze(self, text: str, lang: Optional[str] = None,
                for_query: bool = False) -> List[Dict[str, Any]]:
        """The analyzer's tokens for `text`: [{"term", "start", "end", "colocated"}], with byte
        offsets into its UTF-8 encoding."""
        data = _args.text(text, "text")
        return json.loads(self._call_owned("faqlite_analyze", data, len(data),
                                           _args.cstring(lang, "lang", True),
                                           1 if _args.boolean(for_query, "for_query") else 0))

    # ---- plumbing ---------------------------------------------------------------------------

    def _call(self, name, *args):
        fn = getattr(lib(), name)
        handle = self._enter()
        try:
            rc = fn(handle, *args)
            if rc != 0:
                _raise_for(rc)
        finally:
            self._leave()

    def _call_owned(self, name, *args):
        """Calls a function whose last argument is an owned char** output; returns it as str."""
        fn = getattr(lib(), name)
        out = ctypes.c_void_p()
        handle = self._enter()
        try:
            rc = fn(handle, *args, ctypes.byref(out))
            if rc != 0:
                _raise_for(rc)
            return take_owned_string(out.value)
        finally:
            self._leave()


def version() -> str:
    """The version of the libfaqlite actually loaded, such as "0.1.0"."""
    return lib().faqlite_version_string().decode("ascii")


def analyzer_fingerprint() -> str:
    """The analyzer fingerprint of the loaded library (indexes built by another are rebuilt)."""
    return lib().faqlite_analyzer_fingerprint().decode("utf-8", "replace")
