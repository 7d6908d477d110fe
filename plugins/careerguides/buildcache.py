"""Pelican's content cache, keyed so that it can never serve stale output.

Pelican caches what a reader returned per file, checked by the file's modification time only.
Our reader's output also depends on the settings and on this plugin's code and body templates,
so the cache lives in a folder named by a fingerprint of those: change a setting or the plugin
and the next build starts from an empty cache; change one outline and only it is read again.
Theme templates are not part of the fingerprint: the page cache keys pages by them (pagecache.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import shutil
import types
from collections.abc import Mapping
from importlib import metadata, resources
from typing import Any

import pelican.cache

from .pagecache import KEPT, PREVIOUS_OUTPUT

logger = logging.getLogger(__name__)

# Keys that differ between otherwise identical builds (staging folders) or name the cache itself.
_VOLATILE = {"OUTPUT_PATH", "CACHE_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "DEBUG",
             PREVIOUS_OUTPUT, KEPT}


def fingerprint(settings: Mapping[str, Any]) -> str:
    """A digest of the plain settings, the Pelican version and this plugin's files."""
    digest = hashlib.sha256()
    plain = {k: _plain(v) for k, v in settings.items() if k not in _VOLATILE}
    digest.update(json.dumps(plain, sort_keys=True, default=str).encode())
    digest.update(metadata.version("pelican").encode())
    package = resources.files("careerguides")
    for entry in sorted(_files(package), key=lambda e: str(e)):
        digest.update(str(entry.name).encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:20]


def cache_settings(settings: Mapping[str, Any], site_dir: str) -> dict[str, Any]:
    """Settings that turn on Pelican's reader-level content cache in a fingerprinted folder.

    A relative CACHE_PATH is taken from ``site_dir`` (the settings file's folder), as Pelican
    does for PATH. Older fingerprints' folders are removed so caches do not pile up.
    """
    base = os.path.join(site_dir, settings.get("CACHE_PATH") or "cache")
    key = fingerprint(settings)
    if os.path.isdir(base):
        for name in os.listdir(base):
            if name.startswith("cg-") and name != f"cg-{key}":
                shutil.rmtree(os.path.join(base, name), ignore_errors=True)
    folder = os.path.join(base, f"cg-{key}")
    if os.path.isdir(folder):  # a save the build was killed in (see _save_whole)
        for name in os.listdir(folder):
            if name.endswith(".part"):
                os.remove(os.path.join(folder, name))
    pelican.cache.FileDataCacher.save_cache = _save_whole
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        # Pelican rewrites the whole cache every build; gzip at level 9 cost ~1 s of a 3,000-guide
        # rebuild (bench/README.md) to save disk (62 MB -> 5 MB there). Time matters more.
        "GZIP_CACHE": False,
        "CACHE_PATH": folder,
    }


def _files(folder):
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry)
        elif entry.name.endswith((".py", ".html", ".xsl")):
            yield entry


def _plain(value: Any) -> Any:
    """JSON-able values only: a function's repr carries its address and would change every run,
    so a function stands for its code (now that unchanged pages are reused, a changed Jinja
    filter must start a fresh cache)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    code = getattr(value, "__code__", None)
    if code is not None:  # a function (a Jinja filter, say): its code and defaults, not its address
        body = _code(code) + repr(_plain(getattr(value, "__defaults__", None)))
        return f"{getattr(value, '__qualname__', '')}:{hashlib.sha256(body.encode()).hexdigest()[:16]}"
    return type(value).__name__


def _code(code: types.CodeType) -> str:
    """A function body as text that is the same in every run (marshal's is not: it depends on
    reference counts)."""
    consts = [_code(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
    return f"{code.co_code.hex()}|{consts}|{code.co_names}|{code.co_varnames}"


def _save_whole(self) -> None:
    """Pelican's ``FileDataCacher.save_cache``, written aside and renamed into place. Pelican
    writes the cache in place: a build stopped while it writes (Ctrl-C, serve's SIGKILL) left a
    truncated file that every later build failed to load (``EOFError: Ran out of input``; Pelican
    issue #3034). Pelican offers no hook for this, hence the replaced method."""
    if not self._cache_data_policy:
        return
    part = self._cache_path + ".part"
    try:
        os.makedirs(self.settings["CACHE_PATH"], exist_ok=True)
        with self._cache_open(part, "wb") as fh:
            pickle.dump(self._cache, fh)
        os.replace(part, self._cache_path)
    except (OSError, pickle.PicklingError, TypeError) as err:
        logger.warning("Could not save cache %s\n ... %s", self._cache_path, err)
    finally:
        with contextlib.suppress(OSError):
            os.remove(part)
