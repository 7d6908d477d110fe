"""Words and minutes from rendered HTML: what a reader sees, not the markup that made it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

# Han ideographs, kana and CJK punctuation-free blocks are read per character, not per word.
_CJK = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0002fa1f"  # Extensions B-F, Compatibility Supplement
)
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# A word: a CJK character, or a run of other non-space characters holding a letter or digit.
_WORD = re.compile(rf"[{_CJK}]|[^\w\s{_CJK}]*\w[^\s{_CJK}]*")
# A run without any letter or digit ("-", "·", "—"): split() counts it, a reader does not.
_NOT_A_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
_TEXT = etree.XPath("//text()", smart_strings=False)  # plain str: ~6x faster to collect
_INVISIBLE = ("script", "style", "template", "noscript")


@dataclass(frozen=True)
class ReadTime:
    """A page's visible word count and the minutes it takes to read at ``wpm``."""

    words: int
    minutes: int

    def __str__(self) -> str:
        return f"{self.minutes} min read"


def count_words(html: str) -> int:
    """Visible words in ``html``; each CJK character counts as one word.

    Parses with lxml's HTML parser (libxml2): the same text BeautifulSoup's ``get_text(" ")``
    yields, about twenty times faster, which matters on sites of thousands of pages.
    """
    if not html or not html.strip():
        return 0
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    hidden = [el for el in root.iter(etree.Comment, *_INVISIBLE)]
    for el in hidden:
        el.drop_tree()  # keeps the element's tail text, which is visible
    text = " ".join(_TEXT(root))
    if _CJK_CHAR.search(text):
        return len(_WORD.findall(text))
    return len(text.split()) - len(_NOT_A_WORD.findall(text))  # the same count, 2x faster


def reading_time(html: str, wpm: int) -> ReadTime:
    """Read time of ``html``: ceil(words / wpm) minutes, at least one.

    Args:
        html: rendered HTML of the page body.
        wpm: reading speed in words per minute (see ``CAREER_GUIDES['WPM']``).
    """
    words = count_words(html)
    return ReadTime(words, max(1, math.ceil(words / wpm)))
