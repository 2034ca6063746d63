"""Finds libfaqlite and declares the C API of include/faqlite.h for ctypes.

Every function gets explicit argtypes and restype: ctypes' defaults (int everywhere) would cut
64-bit pointers. Buffers that the caller owns ("owned" outputs) come back as c_void_p so that they
can be handed to faqlite_free; borrowed strings come back as c_char_p, which ctypes copies.
"""

import ctypes
import ctypes.util
import os
import threading
from pathlib import Path

from . import errors

# The C API generation this binding was written for: 0.1.x (a 0.x minor may change the API).
_API_MAJOR, _API_MINOR = 0, 1

c_engine_p = ctypes.c_void_p
c_result_p = ctypes.c_void_p
PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                               ctypes.c_void_p)

_PROTOTYPES = {
    "faqlite_version_number": (ctypes.c_int, []),
    "faqlite_version_string": (ctypes.c_char_p, []),
    "faqlite_analyzer_fingerprint": (ctypes.c_char_p, []),
    "faqlite_strerror": (ctypes.c_char_p, [ctypes.c_int]),
    "faqlite_last_error": (ctypes.c_char_p, []),
    "faqlite_last_error_code": (ctypes.c_int, []),
    "faqlite_free": (None, [ctypes.c_void_p]),
    "faqlite_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(c_engine_p)]),
    "faqlite_close": (None, [c_engine_p]),
    "faqlite_index_paths": (ctypes.c_int, [c_engine_p, ctypes.POINTER(ctypes.c_char_p),
                                           ctypes.c_size_t, ctypes.c_char_p, PROGRESS_FN,
                                           ctypes.c_void_p]),
    "faqlite_index_text": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_long,
                                          ctypes.c_char_p, ctypes.c_char_p]),
    "faqlite_put": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_int]),
    "faqlite_delete": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_char_p]),
    "faqlite_rebuild": (ctypes.c_int, [c_engine_p]),
    "faqlite_get": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_char_p,
                                   ctypes.POINTER(ctypes.c_void_p)]),
    "faqlite_stats": (ctypes.c_int, [c_engine_p, ctypes.POINTER(ctypes.c_void_p)]),
    "faqlite_analyze": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_long,
                                       ctypes.c_char_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_void_p)]),
    "faqlite_unanswered": (ctypes.c_int, [c_engine_p, ctypes.c_int,
                                          ctypes.POINTER(ctypes.c_void_p)]),
    "faqlite_ask": (ctypes.c_int, [c_engine_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_char_p,
                                   ctypes.POINTER(c_result_p)]),
    "faqlite_result_free": (None, [c_result_p]),
    "faqlite_result_json": (ctypes.c_void_p, [c_result_p]),
    "faqlite_import_text": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_long, ctypes.c_char_p,
                                           ctypes.POINTER(ctypes.c_void_p),
                                           ctypes.POINTER(ctypes.c_void_p)]),
    "faqlite_check_paths": (ctypes.c_int, [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
                                           ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
}


class LibraryNotFoundError(OSError):
    """libfaqlite could not be loaded; the message lists every place that was tried."""


def _repo_roots():
    # The source tree this file sits in (bindings/python/faqlite/_native.py), then the one an
    # installed wheel was built from.
    here = Path(__file__).resolve().parent
    yield here.parent.parent.parent
    try:
        from . import _buildinfo  # written by the build backend into installed copies only
        if _buildinfo.SOURCE_ROOT:
            yield Path(_buildinfo.SOURCE_ROOT)
    except ImportError:
        pass


def _candidates():
    """(description, path or name) pairs in the documented search order."""
    env = os.environ.get("FAQLITE_LIBRARY")
    if env:
        # An explicit choice is the only one: falling back silently would hide a typo.
        yield "FAQLITE_LIBRARY", env
        return
    build_dir = os.environ.get("FAQLITE_BUILD_DIR")
    if build_dir:
        yield "FAQLITE_BUILD_DIR", os.path.join(build_dir, "libfaqlite.so")
    for root in _repo_roots():
        yield "build tree", str(root / "build" / "libfaqlite.so")
    found = ctypes.util.find_library("faqlite")
    if found:
        yield "system (find_library)", found
    # find_library reads ldconfig's cache, which misses a fresh /usr/local install until
    # ldconfig runs; the dynamic loader's own search still finds it.
    yield "system (dynamic loader)", "libfaqlite.so.0"


def _declare(lib):
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _load():
    tried = []
    for where, path in _candidates():
        if where in ("build tree", "FAQLITE_BUILD_DIR") and not os.path.exists(path):
            tried.append("%s: %s (no such file)" % (where, path))
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s: %s (%s)" % (where, path, e))
            continue
        try:
            _declare(lib)
        except AttributeError as e:
            tried.append("%s: %s (not a faqlite library: %s)" % (where, path, e))
            continue
        number = lib.faqlite_version_number()
        if (number // 10000, number // 100 % 100) != (_API_MAJOR, _API_MINOR):
            tried.append("%s: %s (version %s; this binding needs %d.%d.x)" % (
                where, path, lib.faqlite_version_string().decode(), _API_MAJOR, _API_MINOR))
            continue
        return lib
    raise LibraryNotFoundError(
        "cannot load libfaqlite; set FAQLITE_LIBRARY to its path. Tried:\n  " + "\n  ".join(tried))


_lib = None
_lib_lock = threading.Lock()


def lib():
    """The loaded library, loaded on first use so that `import faqlite` alone never fails."""
    global _lib
    if _lib is None:
        with _lib_lock:
            if _lib is None:
                _lib = _load()
    return _lib


def raise_last_error(rc):
    """Raises the exception for a failed call; must run on the thread that made the call, right
    after it, because the C library keeps the message per thread."""
    message = lib().faqlite_last_error() or b""
    raise errors.from_code(rc, message.decode("utf-8", "replace"))


def take_owned_string(ptr):
    """Decodes an owned char* buffer and frees it with faqlite_free."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib().faqlite_free(ptr)
