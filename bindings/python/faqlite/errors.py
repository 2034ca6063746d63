"""Exceptions: one class per faqlite result code, all under FaqliteError.

Mistakes the binding can see by itself (a number where a string belongs, a NUL byte in an id) are
TypeError or ValueError, as for any Python function; what the engine refuses arrives as the
FaqliteError subclass of its result code, with the engine's own message.
"""

OK = 0
ERROR = -1
EINVAL = -2
ENOMEM = -3
ENOTFOUND = -4
EEXISTS = -5
ECORRUPT = -6
EVERSION = -7
EIO = -8
EBUSY = -9
ELIMIT = -10
EFORMAT = -11
EREADONLY = -12

CODE_NAMES = {
    ERROR: "FAQLITE_ERROR",
    EINVAL: "FAQLITE_EINVAL",
    ENOMEM: "FAQLITE_ENOMEM",
    ENOTFOUND: "FAQLITE_ENOTFOUND",
    EEXISTS: "FAQLITE_EEXISTS",
    ECORRUPT: "FAQLITE_ECORRUPT",
    EVERSION: "FAQLITE_EVERSION",
    EIO: "FAQLITE_EIO",
    EBUSY: "FAQLITE_EBUSY",
    ELIMIT: "FAQLITE_ELIMIT",
    EFORMAT: "FAQLITE_EFORMAT",
    EREADONLY: "FAQLITE_EREADONLY",
}


class FaqliteError(Exception):
    """A faqlite call failed. `code` is the C result code (negative), `code_name` its macro name
    ("FAQLITE_EINVAL") and `message` the engine's explanation."""

    default_code = ERROR

    def __init__(self, message, code=None):
        self.code = self.default_code if code is None else code
        self.code_name = CODE_NAMES.get(self.code, "FAQLITE_ERROR")
        self.message = message
        super().__init__(message)

    def __repr__(self):
        return "%s(%r, code=%s)" % (type(self).__name__, self.message, self.code_name)


class InvalidArgument(FaqliteError):
    default_code = EINVAL


class OutOfMemory(FaqliteError):
    default_code = ENOMEM


class NotFound(FaqliteError):
    default_code = ENOTFOUND


class Exists(FaqliteError):
    default_code = EEXISTS


class Corrupt(FaqliteError):
    default_code = ECORRUPT


class VersionError(FaqliteError):
    default_code = EVERSION


class InputOutputError(FaqliteError):
    default_code = EIO


class Busy(FaqliteError):
    default_code = EBUSY


class LimitError(FaqliteError):
    default_code = ELIMIT


class FormatError(FaqliteError):
    default_code = EFORMAT


class ReadOnly(FaqliteError):
    default_code = EREADONLY


class EngineClosed(FaqliteError):
    """The engine was closed (by close() or a `with` block) before this call."""

    default_code = EINVAL


_BY_CODE = {cls.default_code: cls for cls in (
    InvalidArgument, OutOfMemory, NotFound, Exists, Corrupt, VersionError, InputOutputError, Busy,
    LimitError, FormatError, ReadOnly)}


def from_code(code, message):
    """The exception for result `code` carrying `message`."""
    return _BY_CODE.get(code, FaqliteError)(message or "faqlite error %d" % code, code)
