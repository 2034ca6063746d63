"""A PEP 517 build backend for the pure-Python faqlite package, in the standard library alone.

setuptools would do, but with build isolation pip first downloads it from the index, which is not
reachable offline; this backend has no requirements, so `pip install bindings/python` needs no
network. It builds a py3-none-any wheel of the `faqlite` folder, an sdist, and an editable wheel.

The wheel also records where it was built from (faqlite/_buildinfo.py), so that an installed copy
can find libfaqlite.so in the build tree it came with.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent  # bindings/python
_NAME = "faqlite"
# Wheels and sdists get a fixed timestamp so that the same sources give the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _version():
    text = (_HERE / _NAME / "_version.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not m:
        raise RuntimeError("faqlite/_version.py has no __version__")
    return m.group(1)


def _project_field(name):
    text = (_HERE / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'^%s = "([^"]*)"' % re.escape(name), text, re.M)
    return m.group(1) if m else ""


def _metadata():
    readme = _HERE / "README.md"
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + _NAME,
        "Version: " + _version(),
        "Summary: " + _project_field("description"),
        "Requires-Python: " + _project_field("requires-python"),
        "Description-Content-Type: text/markdown",
    ]
    body = readme.read_text(encoding="utf-8") if readme.exists() else ""
    return "\n".join(lines) + "\n\n" + body


def _source_root():
    """The faqlite source tree this package sits in, if it does (for the build-tree library)."""
    root = _HERE.parent.parent
    return str(root) if (root / "include" / "faqlite.h").is_file() else ""


def _package_files():
    for path in sorted((_HERE / _NAME).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name != "_buildinfo.py":
            if path.suffix in (".py", ".typed"):
                yield path.relative_to(_HERE).as_posix(), path.read_bytes()


class _Wheel:
    def __init__(self, directory, tag="py3-none-any"):
        self.dist_info = "%s-%s.dist-info" % (_NAME, _version())
        self.name = "%s-%s-%s.whl" % (_NAME, _version(), tag)
        self.tag = tag
        self.path = os.path.join(directory, self.name)
        self.records = []
        self.zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)

    def add(self, arcname, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        info = zipfile.ZipInfo(arcname, date_time=_EPOCH)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append("%s,sha256=%s,%d" % (arcname, digest, len(data)))

    def finish(self):
        self.add(self.dist_info + "/METADATA", _metadata())
        wheel = "Wheel-Version: 1.0\nGenerator: faqlite_build_backend\n"
        wheel += "Root-Is-Purelib: true\nTag: %s\n" % self.tag
        self.add(self.dist_info + "/WHEEL", wheel)
        record = self.dist_info + "/RECORD"
        self.records.append(record + ",,")
        info = zipfile.ZipInfo(record, date_time=_EPOCH)
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, "\n".join(self.records) + "\n")
        self.zip.close()
        return self.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel = _Wheel(wheel_directory)
    for arcname, data in _package_files():
        wheel.add(arcname, data)
    wheel.add(_NAME + "/_buildinfo.py", "SOURCE_ROOT = %r\n" % _source_root())
    return wheel.finish()


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth line puts bindings/python on sys.path, so edits show without reinstalling.
    wheel = _Wheel(wheel_directory)
    wheel.add("__editable__.%s.pth" % _NAME, str(_HERE) + "\n")
    return wheel.finish()


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (_NAME, _version())
    name = base + ".tar.gz"
    files = [("pyproject.toml", (_HERE / "pyproject.toml").read_bytes()),
             ("PKG-INFO", _metadata().encode("utf-8"))]
    for extra in ("README.md", "backend/faqlite_build_backend.py"):
        if (_HERE / extra).exists():
            files.append((extra, (_HERE / extra).read_bytes()))
    files.extend(_package_files())
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for arcname, data in files:
            info = tarfile.TarInfo(base + "/" + arcname)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 315532800  # 1980-01-01, as in the wheel
            tar.addfile(info, io.BytesIO(data))
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []
