"""What the authoring commands need to know about a site: its settings, folders and slugs.

Read from the same settings file the build uses (``pelicanconf.py`` by default), through
Pelican's own ``read_settings``, so ``check``, ``new`` and ``serve`` agree with the build on
where content lives and how slugs are made.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .config import GuideConfig


class SettingsError(ValueError):
    """The settings file is missing or invalid; the message names it."""


@dataclass(frozen=True)
class SiteInfo:
    settings_file: str | None  # None: no settings file, Pelican's defaults with content/
    settings: dict[str, Any]
    cfg: GuideConfig

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.settings_file or "pelicanconf.py"))

    @property
    def content(self) -> str:
        return self.settings["PATH"]

    def folder(self, kind: str) -> str:
        """content/guides or content/questions (GUIDE_DIR, BANK_DIR)."""
        return os.path.join(self.content, self.cfg.guide_dir if kind == "guide" else self.cfg.bank_dir)

    def kind_of(self, path: str) -> str | None:
        """'guide' or 'bank' from the first folder under the content path, as the reader does."""
        rel = os.path.relpath(os.path.abspath(path), self.content)
        if rel.startswith(".."):
            return None
        top = rel.split(os.sep, 1)[0]
        return {self.cfg.guide_dir: "guide", self.cfg.bank_dir: "bank"}.get(top)

    def is_read(self, path: str) -> bool:
        """Whether the build reads ``path``: under one of ARTICLE_PATHS or PAGE_PATHS."""
        rel = os.path.relpath(os.path.abspath(path), self.content)
        folders = [*self.settings.get("ARTICLE_PATHS", [""]), *self.settings.get("PAGE_PATHS", [])]
        return not rel.startswith("..") and any(
            not f or rel == f or rel.startswith(f.rstrip("/") + os.sep) for f in folders)

    @functools.cached_property
    def slugify(self) -> Callable[[str], str]:
        from pelican.utils import slugify

        subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        return functools.partial(slugify, regex_subs=subs)

    def now(self) -> dt.datetime:
        return dt.datetime.now(zoneinfo.ZoneInfo(self.settings.get("TIMEZONE") or "UTC"))

    def is_scheduled(self, when: dt.date) -> bool:
        """Dated in the future while WITH_FUTURE_DATES is off: built as a draft until then."""
        if self.settings.get("WITH_FUTURE_DATES", True):
            return False
        now = self.now()
        if not isinstance(when, dt.datetime):
            return when > now.date()
        return (when if when.tzinfo else when.replace(tzinfo=now.tzinfo)) > now

    def watched(self) -> list[str]:
        """Folders whose changes call for a rebuild: content, theme and plugin paths."""
        folders = [self.content, self.settings.get("THEME", ""),
                   *self.settings.get("PLUGIN_PATHS", [])]
        seen: list[str] = []
        for folder in folders:
            path = os.path.abspath(os.path.join(self.root, folder))
            if os.path.isdir(path) and path not in seen:
                seen.append(path)
        return seen


def load_site(settings_file: str | None = "pelicanconf.py") -> SiteInfo:
    """Read the site's settings; without a settings file, Pelican's defaults and ``content/``.

    Raises:
        SettingsError: the file cannot be read or CAREER_GUIDES is invalid.
    """
    from pelican.settings import read_settings

    if settings_file and not os.path.isfile(settings_file):
        if settings_file != "pelicanconf.py":
            raise SettingsError(f"{settings_file}: no such settings file")
        settings_file = None
        if not os.path.isdir("content"):
            raise SettingsError("no pelicanconf.py and no content/ folder here: run the command "
                                "in the site's folder, or name the settings file with -s")
    quiet = logging.getLogger("pelican")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # read_settings' advice on feeds and time zones is for builds
    try:
        settings = read_settings(settings_file, override=None if settings_file else {
            "PATH": os.path.abspath("content")})
        cfg = GuideConfig.from_settings(settings)
    except (OSError, ValueError, SyntaxError) as exc:
        raise SettingsError(f"{settings_file or 'settings'}: {exc}") from None
    finally:
        quiet.setLevel(level)
    return SiteInfo(settings_file, settings, cfg)
