"""Pagefind's filter files in a stable order, so that an unchanged site gets a byte-identical index.

Pagefind 1.x keeps filters in hash maps seeded at random ("TODO: Change filter indexes to BTree to
give them a stable hash", pagefind/src/index/mod.rs), so the order of a filter's values, and of
the filters in a language's meta file, changes from run to run, and with it the hashed file
names. Everything else it writes is stable. This sorts both, and renames what depends on them:
each filter file, the meta file listing the filters, and pagefind-entry.json naming the meta file.

The files are gzip'd CBOR behind a ``pagefind_dcd`` signature. Only the shapes Pagefind writes are
read (definite lengths); anything else raises :class:`UnknownFormat` and the index is left as
Pagefind wrote it (it works; it is only not byte-stable).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # MetaIndex fields: version, pages, index_chunks, filters, sorts, ...


class UnknownFormat(ValueError):
    """The bundle is not laid out as this module expects (another Pagefind version?)."""


def _head(buf: bytes, pos: int) -> tuple[int, int, int]:
    """A CBOR item's major type, its count or length, and where its content starts."""
    major, info = buf[pos] >> 5, buf[pos] & 31
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise UnknownFormat("indefinite-length CBOR")
    return major, int.from_bytes(buf[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _end(buf: bytes, pos: int) -> int:
    """Where the CBOR item starting at ``pos`` ends."""
    major, value, pos = _head(buf, pos)
    if major in (2, 3):  # bytes, text
        return pos + value
    for _ in range(value * 2 if major == 5 else value if major == 4 else 0):
        pos = _end(buf, pos)
    return pos


def _items(buf: bytes) -> list[bytes]:
    """The encoded items of the CBOR array ``buf``."""
    major, count, pos = _head(buf, 0)
    if major != 4:
        raise UnknownFormat("expected a CBOR array")
    items = []
    for _ in range(count):
        end = _end(buf, pos)
        items.append(buf[pos:end])
        pos = end
    return items


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise UnknownFormat("CBOR value too large")


def _array(items: list[bytes]) -> bytes:
    return _encode_head(4, len(items)) + b"".join(items)


def _text(buf: bytes) -> str:
    major, length, pos = _head(buf, 0)
    if major != 3:
        raise UnknownFormat("expected a CBOR text string")
    return buf[pos:pos + length].decode()


def _encode_text(text: str) -> bytes:
    data = text.encode()
    return _encode_head(3, len(data)) + data


def _first_text(item: bytes) -> str:
    return _text(_items(item)[0])


def _hash(data: bytes) -> str:
    # As Pagefind names its files: SHA-1, each byte in hex without padding.
    return "".join(f"{b:x}" for b in hashlib.sha1(data).digest())


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        data = gzip.decompress(fh.read())
    if not data.startswith(SIGNATURE):
        raise UnknownFormat(f"{os.path.basename(path)} lacks the Pagefind signature")
    return data[len(SIGNATURE):]


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0))


def _sorted_filter(bundle: str, lang: str, entry: bytes, plan: dict) -> bytes:
    """Plan one filter file with its values sorted; its new ``[name, hash]`` meta entry."""
    name, old = _items(entry)
    path = os.path.join(bundle, "filter", f"{_text(old)}.pf_filter")
    filter_name, values = _items(_read(path))
    data = _array([filter_name, _array(sorted(_items(values), key=_first_text))])
    new = f"{lang}_{_hash(data)[:7]}"
    plan[path] = None
    plan[os.path.join(bundle, "filter", f"{new}.pf_filter")] = data
    return _array([name, _encode_text(new)])


def stabilise(bundle: str) -> None:
    """Sort the filters of every language in the Pagefind bundle folder ``bundle``, in place.

    Everything is read and planned first, so a format this module does not know changes nothing.
    """
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    with open(entry_path, encoding="utf-8") as fh:
        entry = json.load(fh)
    plan: dict[str, bytes | None] = {}  # path -> new content, or None to remove
    for lang, info in sorted(entry["languages"].items()):
        meta_path = os.path.join(bundle, f"pagefind.{info['hash']}.pf_meta")
        fields = _items(_read(meta_path))
        filters = [_sorted_filter(bundle, lang, f, plan) for f in _items(fields[META_FILTERS])]
        fields[META_FILTERS] = _array(sorted(filters, key=_first_text))
        meta = _array(fields)
        info["hash"] = f"{lang}_{_hash(meta)[:10]}"
        plan[meta_path] = None
        plan[os.path.join(bundle, f"pagefind.{info['hash']}.pf_meta")] = meta
    for path, data in sorted(plan.items(), key=lambda item: item[1] is not None):
        if data is None:
            os.remove(path)  # removals first: a new name may equal an old one
        else:
            _write(path, data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    with open(entry_path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
