"""A page per answered bank question, and the 'explore more' links between articles.

``QuestionPagesGenerator`` runs after Pelican's articles generator, so every bank is read and
validated by then; it only arranges what the reader put in each bank's metadata.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
import logging
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from pelican.generators import Generator

from .bank import Entry
from .config import GuideConfig
from .pagecache import content_state
from .problems import OutlineError
from .writer import ParallelWriter

logger = logging.getLogger(__name__)

MAX_RELATED = 6
MIN_COMMON_TAG = 50  # tags on more than this many articles (or a tenth of them) are too common


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

    def __page_key__(self) -> tuple:
        """What a question page shows, for the page cache: the bank's own state (not the
        articles it links to), the question, and its neighbours by title and URL."""
        return (content_state(self.bank), self.entry, self.tags,
                *((p.title, p.url) if p else None for p in (self.prev, self.next)))


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
        # A batch: rendered on every core, and pages unchanged since the last build are kept.
        with writer.batch() if isinstance(writer, ParallelWriter) else nullcontext():
            for page in self.question_pages:
                writer.write_file(
                    page.save_as, template, self.context, page=page, question=page,
                    relative_urls=self.settings["RELATIVE_URLS"], url=page.url,
                )


def get_generators(pelican):
    return QuestionPagesGenerator


def link_related(generator) -> None:
    """``article_generator_finalized``: each article's 'explore more' list.

    Named ``related:`` slugs come first, in the author's order; then articles sharing tags, the
    rarer a shared tag the more it counts (each weighs 1 / the number of articles carrying it, so
    the one other page tagged "MLOps" outranks three that share only "Interviews"), newest first
    among equals. Tags much of the site carries are ignored. A named slug that matches no
    published article fails the build.
    """
    articles = generator.articles
    by_slug = {a.slug: a for a in articles}
    position = {id(a): i for i, a in enumerate(articles)}  # ties go to the earlier article
    tags = {id(a): {t.slug for t in getattr(a, "tags", None) or []} for a in articles}
    by_tag: dict[str, list] = defaultdict(list)
    for article in articles:
        for tag in tags[id(article)]:
            by_tag[tag].append(article)
    # A tag on a large share of the site ("Interviews") relates nothing and makes this quadratic.
    common = max(MIN_COMMON_TAG, len(articles) // 10)
    by_tag = {tag: items for tag, items in by_tag.items() if len(items) <= common}
    for article in articles:
        chosen = _named_related(article, by_slug)
        shared: dict[int, float] = defaultdict(float)
        # Sorted, so that the float sums (and so ties) come out the same on every run.
        for tag in sorted(tags[id(article)] & by_tag.keys()):
            weight = 1 / len(by_tag[tag])
            for other in by_tag[tag]:
                shared[id(other)] += weight
        taken = {id(article), *(id(c) for c in chosen)}
        # Only articles sharing a tag are scored, never the whole site: sub-quadratic.
        candidates = [(n, position[key]) for key, n in shared.items() if key not in taken]
        best = heapq.nlargest(MAX_RELATED - len(chosen), candidates,
                              key=lambda c: (c[0], articles[c[1]].date, -c[1]))
        article.related_items = (chosen + [articles[i] for _, i in best])[:MAX_RELATED]


def _named_related(article, by_slug: dict) -> list:
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
    return chosen
