"""Career Guides: a Pelican plugin that turns YAML outlines into interview guides.

``register()`` only connects signals; each handler lives in the module of its pipeline stage.
"""

from __future__ import annotations

from pelican import signals

from . import feeds, neighbours, posts, questions, search, seo, sitemap, writer
from .config import GuideConfig
from .reader import OutlineReader, hold_back_drafts, prefetch_outlines, unpack_on_demand
from .writer import flush_articles


def check_settings(pelican) -> None:
    # initialized: fail before any work if CAREER_GUIDES has an unknown key or a bad value.
    GuideConfig.from_settings(pelican.settings)


def add_reader(readers) -> None:
    # readers_init: the one place Pelican lets a plugin claim a file extension.
    for ext in OutlineReader.file_extensions:
        readers.reader_classes[ext] = OutlineReader


def write_articles(generator, writer=None) -> None:
    # article_writer_finalized: articles are final and the writer is at hand. The feeds join the
    # queued article pages, then all are written. One receiver, as the order matters and blinker
    # calls a signal's receivers in no set order.
    feeds.write_feeds(generator, writer)
    flush_articles(generator, writer)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(add_reader)
    # article_generator_init: the readers exist, no file is read yet: start rendering outlines
    # in worker processes so Pelican's one-by-one reading only collects results.
    signals.article_generator_init.connect(prefetch_outlines)
    # article_generator_pretaxonomy: drafts and scheduled outlines go to DRAFT_URL (before
    # drafts.py, which --drafts connects later, gives them their public URL back).
    signals.article_generator_pretaxonomy.connect(hold_back_drafts)
    # content_object_init: posts get kind and read time; outlines' packed bodies are unpacked
    # when asked for.
    signals.content_object_init.connect(posts.finish_article)
    signals.content_object_init.connect(unpack_on_demand)
    # generator_init: the feed links every page's <head> advertises.
    signals.generator_init.connect(feeds.add_feed_links)
    # get_generators: per-question pages and the /questions/ index, after articles are read.
    signals.get_generators.connect(questions.get_generators)
    # article_generator_finalized: every article is known, so 'explore more' links can be made.
    signals.article_generator_finalized.connect(questions.link_related)
    # article_generator_finalized: every feed is known before any page links to one.
    signals.article_generator_finalized.connect(feeds.register_feeds)
    # get_writer + article_writer_finalized: feeds, article and listing pages on every core.
    signals.get_writer.connect(writer.get_writer)
    signals.article_writer_finalized.connect(write_articles)
    # generator_init: templates get page_info() (canonical URL, breadcrumbs, JSON-LD, filters).
    signals.generator_init.connect(seo.add_template_globals)
    # article_generator_finalized: every published article is known, so prev/next within a kind.
    signals.article_generator_finalized.connect(neighbours.link_neighbours)
    # initialized / content_written / finalized: the sitemap lists the pages this build wrote.
    signals.initialized.connect(sitemap.start)
    signals.content_written.connect(sitemap.remember_page)
    writer.page_kept.connect(sitemap.remember_page)  # pages kept from the last build, unwritten
    signals.finalized.connect(sitemap.write_sitemap)
    # finalized: every page is written; index the output folder for search.
    signals.finalized.connect(search.build_index)
