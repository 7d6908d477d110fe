"""Pagefind's index in shards, each rebuilt only when one of its pages changed.

Pagefind has no incremental mode, and on 1,000 guides it takes longer than the rest of the build
and half a gigabyte of memory however little changed (bench/README.md). So the pages it indexes
(those carrying ``data-pagefind-body``) are split into shards by a hash of their path, and each
shard is a Pagefind bundle of its own, kept in the build cache under a digest of its pages' bytes.
A build runs Pagefind only for shards whose digest is new and copies the others; the store keeps
the shards of the last two builds, so a build in between (a ``--drafts`` preview) costs the next
one nothing. Shards are indexed two at a time on two cores (one Pagefind process leaves part of
the second idle), so memory stays that of a shard per core.

Pages kept from the last good build are not in the staging folder Pelican wrote (pagecache.py):
they are indexed from output/, where they are. A page's digest is remembered with its size,
modification time and inode, so an unchanged page is not read again.

The first shard is the main bundle (``pagefind/``); the others sit in ``pagefind/<n>/``, listed
in ``pagefind/shards.json``, and the search page merges them (Pagefind's ``mergeIndex``). A site
of up to ``per_shard`` pages has one shard: the plain Pagefind layout.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

BODY_MARK = b"data-pagefind-body"
SHARDS_FILE = "shards.json"
MEMO_FILE = "pages.json"  # in the shard store, beside the shards


class SearchIndexFailed(RuntimeError):
    """Pagefind failed on a shard; the message is what it said."""


@dataclass(frozen=True)
class IndexStats:
    pages: int
    shards: int
    indexed: int  # shards Pagefind ran for; the rest came from the cache


def shard_count(pages: int, per_shard: int) -> int:
    """A power of two, so that growing the site splits shards instead of reshuffling every page."""
    if pages <= per_shard:
        return 1
    return 2 ** math.ceil(math.log2(pages / per_shard))


def shard_of(rel: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=4).digest(), "big") % count


def html_files(site: str, bundle: str) -> dict[str, str]:
    """Site path -> file of every HTML page under ``site``, but the search bundle's."""
    found = {}
    for folder, dirs, files in os.walk(site):
        if folder == site and bundle in dirs:
            dirs.remove(bundle)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                found[os.path.relpath(path, site)] = path
    return found


def indexable_pages(files: Mapping[str, str], memo: dict[str, list]) -> dict[str, str]:
    """Path -> digest of the pages Pagefind would index: those marked with ``data-pagefind-body``,
    or every page if none is (Pagefind's own rule). Digests, not bytes: on a site of thousands of
    pages, holding them all would double the build's memory.

    Args:
        files: site path -> where the file is.
        memo: site path -> [size, mtime_ns, inode, digest, marked] of pages read before; updated.
    """
    marked, every = {}, {}
    for rel, path in files.items():
        st = os.stat(path)
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = memo.get(rel)
        if not known or known[:3] != stamp:
            with open(path, "rb") as fh:
                data = fh.read()
            known = memo[rel] = [*stamp, hashlib.blake2b(data, digest_size=16).hexdigest(),
                                 BODY_MARK in data]
        every[rel] = known[3]
        if known[4]:
            marked[rel] = known[3]
    return marked or every


def _load_memo(store: str) -> tuple[dict[str, list], list[str]]:
    """What was learnt of pages before, and the shards the last build used."""
    try:
        with open(os.path.join(store, MEMO_FILE), encoding="utf-8") as fh:
            saved = json.load(fh)
        return dict(saved["pages"]), list(saved["shards"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, []


def _digest(salt: str, pages: dict[str, str]) -> str:
    digest = hashlib.blake2b(salt.encode(), digest_size=16)
    for rel in sorted(pages):
        digest.update(f"{rel}\0{pages[rel]}\n".encode())
    return digest.hexdigest()


def _link_or_copy(src: str, dst: str) -> None:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(src, dst)


class _Runs:
    """The Pagefind processes under way, so that an interrupted build stops them (and starts no
    more) instead of waiting for every shard still queued."""

    def __init__(self):
        self.lock = threading.Lock()
        self.procs: set[subprocess.Popen] = set()
        self.stopped = False

    def start(self, argv: list[str]) -> subprocess.Popen:
        with self.lock:
            if self.stopped:
                raise SearchIndexFailed("stopped")
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
            self.procs.add(proc)
            return proc

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for proc in self.procs:
                proc.kill()


def _index_shard(files: Mapping[str, str], rels: list[str], target: str,
                 command: Callable[[str, str], list[str]], timeout: float, runs: _Runs) -> None:
    """Run Pagefind on ``rels`` only (linked into a folder of their own) into ``target``."""
    scratch = tempfile.mkdtemp(prefix=".shard.", dir=os.path.dirname(target))
    try:
        for rel in rels:
            _link_or_copy(files[rel], os.path.join(scratch, rel))
        with runs.start(command(scratch, target)) as proc:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except BaseException:
                proc.kill()
                raise
            finally:
                with runs.lock:
                    runs.procs.discard(proc)
        if proc.returncode != 0:
            raise SearchIndexFailed(f"pagefind exited with {proc.returncode}: "
                              f"{(stderr or stdout).strip()}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _new_shard(files: Mapping[str, str], rels: list[str], cached: str,
               command: Callable[[str, str], list[str]], timeout: float,
               finish: Callable[[str], None], runs: _Runs) -> None:
    """Index one shard into the store, where it appears complete or not at all."""
    fresh = tempfile.mkdtemp(prefix=".new.", dir=os.path.dirname(cached))
    _index_shard(files, rels, fresh, command, timeout, runs)
    finish(fresh)
    os.replace(fresh, cached)


def index_site(site: str, bundle: str, command: Callable[[str, str], list[str]], *,
               salt: str, per_shard: int, cache_dir: str | None,
               finish: Callable[[str], None] = lambda path: None,
               timeout: float = 300, elsewhere: Mapping[str, str] | None = None) -> IndexStats:
    """Write the search bundle of ``site`` into ``site/bundle``, reusing unchanged shards.

    Args:
        elsewhere: site path -> where the file is, for pages of the site outside ``site``.
        command: the Pagefind command line for (folder to index, bundle folder to write).
        salt: what else the bundles depend on (Pagefind's version, its options).
        per_shard: pages per shard, at most (before rounding the count up to a power of two).
        cache_dir: where shards are kept between builds; None indexes every shard afresh.
        finish: run on each newly written bundle (making it byte-stable).
    """
    files = {rel: path for rel, path in (elsewhere or {}).items() if rel.endswith(".html")}
    files.update(html_files(site, bundle))
    store = cache_dir or tempfile.mkdtemp(prefix=".search.", dir=os.path.dirname(site))
    os.makedirs(store, exist_ok=True)
    memo, previous = _load_memo(store)
    pages = indexable_pages(files, memo)
    count = shard_count(len(pages), per_shard)
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for rel, data in pages.items():
        shards[shard_of(rel, count)][rel] = data
    out = os.path.join(site, bundle)
    shutil.rmtree(out, ignore_errors=True)
    # An empty shard (possible on small sites with a small per_shard) gets no bundle; the first
    # non-empty one is the main bundle.
    keys = {n: _digest(f"{salt}\0{n}/{count}", s) for n, s in enumerate(shards) if s}
    todo = [n for n, key in keys.items() if not os.path.isdir(os.path.join(store, key))]
    merged = []
    try:
        # Pagefind keeps ~1.5 of two cores busy: two shards at a time fill them.
        runs = _Runs()
        with ThreadPoolExecutor(max(1, min(len(todo), os.cpu_count() or 1))) as pool:
            try:
                for future in [pool.submit(_new_shard, files, sorted(shards[n]),
                                           os.path.join(store, keys[n]), command, timeout,
                                           finish, runs)
                               for n in todo]:
                    future.result()  # re-raises SearchIndexFailed
            except BaseException:  # a failed shard or Ctrl-C: no waiting for the others
                pool.shutdown(wait=False, cancel_futures=True)
                runs.stop()
                raise
        for position, (number, key) in enumerate(keys.items()):
            target = out if position == 0 else os.path.join(out, str(number))
            # Links, not copies: nothing rewrites a file in place (the build moves new files in).
            shutil.copytree(os.path.join(store, key), target, dirs_exist_ok=True,
                            copy_function=_link_or_copy)
            if target != out:
                merged.append(f"{number}/")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, SHARDS_FILE), "w", encoding="utf-8") as fh:
            json.dump(merged, fh)
    finally:
        if cache_dir is None:
            shutil.rmtree(store, ignore_errors=True)
        else:
            # Keep the shards of this build and of the one before: a build that differs for a
            # while (a --drafts preview, a failed build) leaves the next usual build its shards.
            for name in set(os.listdir(store)) - {*keys.values(), *previous, MEMO_FILE}:
                shutil.rmtree(os.path.join(store, name), ignore_errors=True)
            with open(os.path.join(store, MEMO_FILE), "w", encoding="utf-8") as fh:
                json.dump({"pages": {rel: memo[rel] for rel in files if rel in memo},
                           "shards": sorted(keys.values())}, fh, separators=(",", ":"))
    return IndexStats(pages=len(pages), shards=count, indexed=len(todo))
