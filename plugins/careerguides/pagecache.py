"""Keep the pages of the last good build whose inputs did not change, instead of rendering them.

After one outline edit a rebuild used to render all ~1,600 pages of a 1,000-guide site, of
which 7 came out different (bench/README.md). The writer (writer.py) computes a key for each
page from what the page is made of; if the last good build wrote that file with the same key,
and output/ still holds the file it wrote (same size, modification time and inode, as make and
rsync judge it), the page is *kept*: not rendered, and not even written into the build's staging
folder, so an unchanged page costs a stat. build.py leaves kept files in output/ when it syncs.

A key is a digest of:
* the theme's templates (settings, Pelican and this plugin already name the cache folder);
* the site: every value the generators put in the context (pages, the names, URLs and sizes of
  categories, tags and authors), except the lists of articles;
* the page: its file name, template and URL base, and what it was given: for an article its
  whole state plus the state of the content it links to (previous/next, related); for a listing
  page the articles on that page and the paginator's numbers; for any other list, all of it.
What a key leaves out is an assumption the theme keeps, as Pelican's own themes do: an article
page does not show the site-wide article list, and a page of a listing shows its own articles
(``articles_page``), not the whole list (nor ``all_articles``, which Pelican passes along).
Values are serialised with pickle (exact and fast); a value pickle cannot serialise turns the
cache off rather than risk a stale page.
tests/test_pagecache.py compares cached and clean builds byte for byte after each kind of edit.

Feeds are kept the same way, keyed by their items (feeds.py).

The keys of a build are written beside its content cache and become the reference only when the
build succeeds (:func:`commit`, from build.py), so they always describe what output/ holds.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from collections.abc import Callable, Mapping
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

MANIFEST = "pages.json"
PREVIOUS_OUTPUT = "CG_PREVIOUS_OUTPUT"  # setting: the folder the last good build published into
# Setting: a set the build fills with the output names kept from PREVIOUS_OUTPUT (not written).
KEPT = "CG_KEPT"
_SKIP_ATTRS = {"settings", "_context"}  # the whole configuration and context: not the article's
# Context lists of articles: pages get their own articles as arguments (see the module docstring).
_ARTICLE_LISTS = {"articles", "dates", "drafts", "hidden_articles", "period_archives",
                  "related_posts", "question_pages", "draft_pages", "hidden_pages"}
# Path -> content maps that {filename} and {static} links resolve through: only the URLs count.
_LINK_TARGETS = {"generated_content", "static_content"}
_PAGE_SUFFIXES = ("_page", "_previous_page", "_next_page")


class Unstable(ValueError):
    """A value has no digest that is the same from one build to the next."""


def _h(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class _Pickler(pickle.Pickler):
    """Pickle as a fast, exact serialisation of plain data; a content object or a category, tag
    or author stands for itself by its URL (what it links to is digested separately), and an
    object with a ``__page_key__`` method by what that returns."""

    def reducer_override(self, obj):
        if isinstance(obj, Content):
            return str, (f"content:{getattr(obj, 'url', '')}:{obj.source_path}",)
        if isinstance(obj, URLWrapper):
            return str, (f"{type(obj).__name__}:{obj.name}:{obj.url}",)
        page_key = getattr(type(obj), "__page_key__", None)
        if page_key is not None:  # an object that says what of it a page shows
            return tuple, (page_key(obj),)
        return NotImplemented


def content_state(obj: Any) -> list[tuple[str, Any]]:
    """What a content object holds, but the site's settings and context."""
    return sorted((k, v) for k, v in vars(obj).items() if k not in _SKIP_ATTRS)


def stable_bytes(value: Any) -> bytes:
    """``value`` serialised the same way in every build; raises :class:`Unstable` if it cannot be."""
    buf = io.BytesIO()
    pickler = _Pickler(buf, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes, shared or not
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
        raise Unstable(str(exc)) from exc
    return buf.getvalue()


def _once(table: dict[int, tuple[Any, str]], obj: Any, compute: Callable[[], str]) -> str:
    """``compute()`` for ``obj``, worked out once per object: ``table`` is keyed by identity and
    holds the object, so that its id cannot be reused by another."""
    found = table.get(id(obj))
    if found is None or found[0] is not obj:
        found = table[id(obj)] = (obj, compute())
    return found[1]


class Digests:
    """Digests of content objects, each computed once per build (keyed by the object itself)."""

    def __init__(self) -> None:
        self._own: dict[int, tuple[Any, str]] = {}
        self._full: dict[int, tuple[Any, str]] = {}

    def own(self, obj: Content) -> str:
        """Everything the object holds; content it links to stands for itself by its URL."""
        return _once(self._own, obj, lambda: _h(stable_bytes(content_state(obj))))

    def full(self, obj: Content) -> str:
        """The object and, in full, the content it links to (previous/next, related)."""
        return _once(self._full, obj, lambda: self._full_digest(obj))

    def _full_digest(self, obj: Content) -> str:
        parts = [self.own(obj)]
        for _, value in sorted(vars(obj).items()):
            if isinstance(value, Content):
                parts.append(self.own(value))
            elif isinstance(value, list | tuple):
                parts += [self.own(x) for x in value if isinstance(x, Content)]
        return _h("".join(parts))

    def value(self, value: Any) -> str:
        if isinstance(value, Content):
            return self.full(value)
        if isinstance(value, list | tuple) and value and isinstance(value[0], Content):
            return _h("".join(self.own(x) if isinstance(x, Content) else _h(stable_bytes(x))
                              for x in value))
        return _h(stable_bytes(value))


def theme_digest(settings: Mapping[str, Any]) -> str:
    """The theme's templates (and any template overrides), by path and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    folders = [os.path.join(settings["THEME"], "templates"),
               *settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, folder).encode() + b"\0")
                with open(path, "rb") as fh:
                    digest.update(fh.read())
    return digest.hexdigest()


def site_digest(context: Mapping[str, Any], digests: Digests) -> str:
    """What every page may show: the generators' context values but the article lists.
    Upper-case keys are settings, already part of the cache folder's name."""
    parts = []
    for key in sorted(k for k in context if not k.isupper() and k not in _ARTICLE_LISTS):
        value = context[key]
        if key in ("categories", "tags", "authors"):  # (wrapper, its articles): name, URL, count
            value = [(wrapper, len(items)) for wrapper, items in value]
        elif key in _LINK_TARGETS:
            value = sorted((path, getattr(obj, "url", None)) for path, obj in value.items())
        elif isinstance(value, set | frozenset):  # pickle writes sets in hash order
            value = sorted(value, key=repr)
        parts.append(f"{key}={digests.value(value)}")
    return _h("\n".join(parts))


class PageCache:
    """The keys of the last good build and the keys of this one.

    The manifest maps an output name to ``[key, size, mtime_ns, inode]`` of the file in output/;
    names written by this build have ``[key]`` until :func:`commit` stats them in output/.
    """

    def __init__(self, cache_path: str, previous_output: str, salt: str, kept: set[str]):
        self.cache_path = cache_path
        self.previous_output = previous_output
        self.salt = salt
        self.kept = kept
        self.digests = Digests()
        try:
            with open(os.path.join(cache_path, MANIFEST), encoding="utf-8") as fh:
                self.previous: dict[str, list] = json.load(fh)
        except (OSError, ValueError):
            self.previous = {}
        self.written: dict[str, list] = {}  # name -> manifest entry, this process
        self.recorded: dict[str, list] = {}  # the same, for the whole build
        self._sites: dict[int, tuple[Any, str]] = {}  # site digests by context

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> PageCache | None:
        """A cache when the build keeps one (``careerguides build``), else None."""
        previous = settings.get(PREVIOUS_OUTPUT)
        kept = settings.get(KEPT)
        if not previous or kept is None or not settings.get("CACHE_CONTENT"):
            return None
        return cls(settings["CACHE_PATH"], previous, theme_digest(settings), kept)

    def site_key(self, context: Mapping[str, Any]) -> str:
        """The site digest of ``context``, once per context object (period archives get a copy)."""
        return _once(self._sites, context, lambda: site_digest(context, self.digests))

    def page_key(self, site: str, template_name: str, names: frozenset[str],
                 context: Mapping[str, Any]) -> str:
        """The key of one page from its local context; ``names`` are the writer's arguments."""
        value = self.digests.value
        parts = [self.salt, site, template_name, context["output_file"],
                 repr(context.get("SITEURL")), repr(context.get("localsiteurl"))]
        paginated = {k.removesuffix("_paginator") for k in context if k.endswith("_paginator")}
        for name in sorted(names):
            if name in paginated or name == "all_articles":  # the page's own slice is below
                parts.append(f"{name}=#{len(context[name])}")
            else:
                parts.append(f"{name}={value(context.get(name))}")
        for name in sorted(paginated):
            paginator = context[f"{name}_paginator"]
            parts.append(f"{name}: {paginator.num_pages} pages of {paginator.per_page}")
            for suffix in _PAGE_SUFFIXES:
                page = context.get(name + suffix)
                parts.append(f"{suffix}={page.number if page else None}")
            parts.append(value(list(context[f"{name}_page"].object_list)))
        return _h("\n".join(parts))

    def reusable(self, name: str, key: str) -> bool:
        """Whether output/ holds, untouched, the file the last good build wrote as ``name`` with
        ``key``. Size, modification time and inode are compared, not bytes: any write changes
        them, and a stat costs far less than reading thousands of pages."""
        entry = self.previous.get(name)
        if not entry or entry[0] != key or len(entry) != 4:
            return False
        try:
            st = os.stat(os.path.join(self.previous_output, name))
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns, st.st_ino] == entry[1:]

    def keep(self, name: str) -> None:
        """``name`` stays as output/ has it: nothing is written (in the main process only)."""
        self.kept.add(name)
        self.recorded[name] = self.previous[name]

    def note(self, name: str, key: str) -> None:
        """``name`` was written afresh under ``key`` (in this process)."""
        self.written[name] = [key]

    def save(self, written: Mapping[str, list] | None = None) -> None:
        """Record ``written`` (notes from worker processes) and this process's notes, and write
        them all aside; :func:`commit` makes them the reference once the build succeeded."""
        self.recorded.update(written or {})
        self.recorded.update(self.written)
        self.written = {}
        with open(os.path.join(self.cache_path, MANIFEST + ".new"), "w", encoding="utf-8") as fh:
            json.dump(self.recorded, fh, separators=(",", ":"))

    def file_key(self, context: Mapping[str, Any], name: str, *parts: Any) -> str:
        """The key of a file made outside templates (a feed) from ``parts`` and the site."""
        return _h("\n".join([self.salt, self.site_key(context), name,
                             *(self.digests.value(p) for p in parts)]))


def commit(cache_path: str, ok: bool, output: str) -> None:
    """After a build: its keys describe ``output`` if it succeeded; otherwise forget them.
    Files written by the build are stat'ed where the sync left them."""
    new = os.path.join(cache_path, MANIFEST + ".new")
    if not os.path.exists(new):
        return
    if not ok:
        os.remove(new)
        return
    with open(new, encoding="utf-8") as fh:
        entries: dict[str, list] = json.load(fh)
    for name, entry in list(entries.items()):
        if len(entry) == 1:
            try:
                st = os.stat(os.path.join(output, name))
            except OSError:  # not published after all
                del entries[name]
                continue
            entries[name] = [entry[0], st.st_size, st.st_mtime_ns, st.st_ino]
    with open(new, "w", encoding="utf-8") as fh:
        json.dump(entries, fh, separators=(",", ":"))
    os.replace(new, os.path.join(cache_path, MANIFEST))


class PageTemplate:
    """A template that notes the key of each page it renders (``key``, if the writer has worked
    it out already)."""

    def __init__(self, template, cache: PageCache, site: str, names: frozenset[str],
                 key: str | None = None):
        self.template = template
        self.name = template.name
        self.cache = cache
        self.site = site
        self.names = names
        self.key = key

    def render(self, context: Mapping[str, Any]) -> str:
        key = self.key
        if key is None:
            try:
                key = self.cache.page_key(self.site, self.name, self.names, context)
            except Unstable:  # rendered, and not noted: the next build renders it again
                return self.template.render(context)
        text = self.template.render(context)
        self.cache.note(context["output_file"], key)
        return text
