"""Checks and converts Python arguments into what the C API takes (UTF-8 bytes, JSON options).

Mistakes are reported here, before any C call, as TypeError or ValueError naming the argument: a
C function given a str where it expects bytes, or a silently truncated NUL-terminated string,
would otherwise fail far from its cause or not at all.
"""

import json
import math
import numbers
import os
from collections.abc import Iterable, Mapping


def _type_name(value):
    return type(value).__name__


def text(value, name):
    """A str as UTF-8 bytes (may hold NUL bytes: for arguments passed with a length)."""
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, _type_name(value)))
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("%s is not valid Unicode text (%s at index %d)" %
                         (name, e.reason, e.start)) from None


def document(value, name):
    """A str as UTF-8 bytes, or bytes-like data as it is: the importer reads bytes that are not
    UTF-8 as windows-1252, so a file read in binary mode may be passed undecoded."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if not isinstance(value, str):
        raise TypeError("%s must be a str or bytes, not %s" % (name, _type_name(value)))
    return text(value, name)


def cstring(value, name, optional=False):
    """A str as UTF-8 bytes for a NUL-terminated C argument; None stays None if `optional`."""
    if value is None and optional:
        return None
    b = text(value, name)
    if b"\0" in b:
        raise ValueError("%s must not contain NUL characters" % name)
    return b


def path(value, name):
    """A str, bytes or os.PathLike file name as bytes for a NUL-terminated C argument."""
    if not isinstance(value, (str, bytes, os.PathLike)):
        raise TypeError("%s must be a str, bytes or os.PathLike, not %s" % (name, _type_name(value)))
    try:
        b = os.fsencode(value)
    except UnicodeEncodeError as e:
        raise ValueError("%s cannot be encoded as a file name (%s)" % (name, e.reason)) from None
    if not isinstance(b, bytes):  # a PathLike whose __fspath__ returned something else
        raise TypeError("%s: __fspath__ returned %s" % (name, _type_name(b)))
    if b"\0" in b:
        raise ValueError("%s must not contain NUL characters" % name)
    return b


def path_list(value, name):
    """One path or an iterable of paths, as a list of bytes (see path())."""
    if isinstance(value, (str, bytes, os.PathLike)):
        value = [value]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise TypeError("%s must be a path or a list of paths, not %s" % (name, _type_name(value)))
    return [path(p, "%s[%d]" % (name, i)) for i, p in enumerate(value)]


def to_json(obj, name):
    """`obj` as compact UTF-8 JSON bytes; NaN and infinities are refused (JSON has none)."""
    try:
        s = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except TypeError as e:
        raise TypeError("%s cannot be written as JSON: %s" % (name, e)) from None
    except ValueError as e:
        raise ValueError("%s cannot be written as JSON: %s" % (name, e)) from None
    return text(s, name)


def integer(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be an int, not %s" % (name, _type_name(value)))
    return int(value)


def real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %s" % (name, _type_name(value)))
    value = float(value)
    if not math.isfinite(value):
        raise ValueError("%s must be a finite number" % name)
    return value


def boolean(value, name):
    if not isinstance(value, bool):
        raise TypeError("%s must be True or False, not %s" % (name, _type_name(value)))
    return value


def string(value, name):
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, _type_name(value)))
    return value


def string_list(value, name):
    # A bare str is iterable too, but as context it would become one turn per character.
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError("%s must be a list of str, not %s" % (name, _type_name(value)))
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError("%s[%d] must be a str, not %s" % (name, i, _type_name(item)))
    return items


def mapping(value, name):
    if not isinstance(value, Mapping):
        raise TypeError("%s must be a dict, not %s" % (name, _type_name(value)))
    return dict(value)


def ask_options(lang, k, context, filters, threshold, explain):
    """The ask options JSON object for faqlite_ask."""
    o = {}
    if lang is not None:
        o["lang"] = string(lang, "lang")
    if k is not None:
        o["k"] = integer(k, "k")
    if context is not None:
        o["context"] = string_list(context, "context")
    if filters is not None:
        o["filters"] = mapping(filters, "filters")
        to_json(o["filters"], "filters")  # so that an error names the argument at fault
    if threshold is not None:
        o["threshold"] = real(threshold, "threshold")
    if boolean(explain, "explain"):
        o["explain"] = True
    return to_json(o, "ask options")


def index_options(lang, replace_all):
    o = {}
    if lang is not None:
        o["lang"] = string(lang, "lang")
    if boolean(replace_all, "replace_all"):
        o["replace_all"] = True
    return to_json(o, "index options") if o else None


def import_options(lang, source, name, max_passage_words, min_passage_words, drop, id_prefix,
                   format, keep_boilerplate):
    """The options JSON object for faqlite_import_text. Only types are checked here: the library
    checks values (ranges, known languages, whether a pattern compiles) and names the option."""
    o = {}
    for key, value in (("lang", lang), ("source", source), ("name", name),
                       ("id_prefix", id_prefix), ("format", format)):
        if value is not None:
            o[key] = string(value, key)
    for key, value in (("max_passage_words", max_passage_words),
                       ("min_passage_words", min_passage_words)):
        if value is not None:
            o[key] = integer(value, key)
    if drop is not None:
        o["drop"] = string_list(drop, "drop")
    if keep_boilerplate is not None:
        o["keep_boilerplate"] = boolean(keep_boilerplate, "keep_boilerplate")
    return to_json(o, "import options") if o else None


def check_options(require_translations, lang):
    o = {}
    if boolean(require_translations, "require_translations"):
        o["require_translations"] = True
    if lang is not None:
        o["lang"] = string(lang, "lang")
    return to_json(o, "check options") if o else None
