"""A page per answered bank question, and the 'explore more' links between articles.

``QuestionPagesGenerator`` runs after Pelican's articles generator, so every bank is read and
validated by then; it only arranges what the reader put in each bank's metadata.
"""

from __future__ import annotations

import difflib
import itertools
import logging
from dataclasses import dataclass, field, replace

from pelican.generators import Generator

from .bank import Entry
from .config import GuideConfig
from .problems import OutlineError

logger = logging.getLogger(__name__)

MAX_RELATED = 6


@dataclass
class QuestionPage:
    """One answered question of a bank, with its neighbours among the bank's answered questions."""

    bank: object  # the bank's Pelican Article
    entry: Entry
    prev: QuestionPage | None = None
    next: QuestionPage | None = None
    tags: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.entry.q

    @property
    def url(self) -> str:
        return self.entry.url or ""

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") else self.url

    @property
    def date(self):
        return self.bank.date

    @property
    def modified(self):
        return getattr(self.bank, "modified", None)

    @property
    def back_url(self) -> str:
        return f"{self.bank.url}#q-{self.entry.slug}"


class QuestionPagesGenerator(Generator):
    """Writes ``questions/<bank>/<question>/`` for every question with an answer or details."""

    def generate_context(self) -> None:
        self.question_pages: list[QuestionPage] = []
        for bank in self.context.get("articles", []):
            if getattr(bank, "kind", None) != "bank":
                continue
            pages = [QuestionPage(bank, e) for e in bank.bank_questions if e.has_page]
            for before, after in itertools.pairwise(pages):
                before.next, after.prev = after, before
            self.question_pages += pages
        # Listed for sitemaps and search; deliberately not articles, so never in the feeds.
        self.context["question_pages"] = self.question_pages

    def generate_output(self, writer) -> None:
        cfg = GuideConfig.from_settings(self.settings)
        banks = [a for a in self.context.get("articles", []) if getattr(a, "kind", None) == "bank"]
        index_url = cfg.banks_index_url
        writer.write_file(
            index_url + "index.html" if index_url.endswith("/") else index_url,
            self.get_template("questions"), self.context, banks=banks, url=index_url,
            relative_urls=self.settings["RELATIVE_URLS"],
        )
        template = self.get_template("question")
        for page in self.question_pages:
            writer.write_file(
                page.save_as, template, self.context, page=page, question=page, bank=page.bank,
                relative_urls=self.settings["RELATIVE_URLS"], url=page.url,
            )


def get_generators(pelican):
    return QuestionPagesGenerator


def link_related(generator) -> None:
    """``article_generator_finalized``: each article's 'explore more' list.

    Named ``related:`` slugs come first, in the author's order; then articles sharing the most
    tags, newest first. A named slug that matches no published article fails the build.
    """
    articles = generator.articles
    by_slug = {a.slug: a for a in articles}
    for article in articles:
        chosen = []
        for slug, problem in getattr(article, "related_slugs", None) or []:
            target = by_slug.get(slug)
            if target is None:
                close = difflib.get_close_matches(slug, list(by_slug), n=1, cutoff=0.8)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                err = OutlineError([replace(problem, message=(
                    f"{problem.message}: no published guide or bank has that slug{hint}"))])
                logger.error("%s", err, extra={"outline_error": err})
            elif target is not article and target not in chosen:
                chosen.append(target)
        tags = set(getattr(article, "tags", None) or [])
        if tags:
            scored = [
                (len(tags & set(getattr(other, "tags", None) or [])), other.date, other)
                for other in articles if other is not article and other not in chosen
            ]
            scored = [s for s in scored if s[0]]
            scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
            chosen += [other for _, _, other in scored]
        article.related_items = chosen[:MAX_RELATED]

