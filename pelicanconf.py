"""Site settings for the development build (``make html``, ``make serve``)."""

AUTHOR = "Career Guides"
SITENAME = "Career Guides"
SITESUBTITLE = "Interview guides and question banks, written by practising engineers"
SITEURL = ""

PATH = "content"
ARTICLE_PATHS = ["guides", "questions", "posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["careerguides"]

# Everything the engine generates is configured here; see README "Settings".
CAREER_GUIDES = {
    "WPM": 238,
}

# URLs (DESIGN.md): clean directory URLs everywhere.
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_SAVE_AS = "category/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_SAVE_AS = "tag/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_SAVE_AS = "author/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Search (/search/, Pagefind's index in output/pagefind/, built after every build; PAGEFIND = False
# turns the index off) and 404.html, a helpful page for any missing URL. sitemap.xml and
# robots.txt are written by the plugin (SITEMAP_SAVE_AS, ROBOTS_SAVE_AS; None turns one off).
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds are written by the plugin with feedgen; Pelican's own are off so nothing is written twice.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Future-dated content is treated as a draft: in no listing, feed or sitemap until its date.
WITH_FUTURE_DATES = False

DELETE_OUTPUT_DIRECTORY = False  # the build writes aside and syncs on success
RELATIVE_URLS = False
