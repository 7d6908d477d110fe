"""Read time counts what a reader sees, per word in Latin scripts and per character in CJK."""

from __future__ import annotations

import pytest

from careerguides.readtime import count_words, reading_time


@pytest.mark.parametrize("html, words", [
    ("<p>one two three</p>", 3),
    ("<p>one <a href='https://example.com/a/very/long/url'>two</a> three</p>", 3),
    ("<p>visible</p><script>var hidden = 1 + 2;</script><style>p {color: red}</style>", 1),
    ("<h2>Title</h2><ul><li>first item</li><li>second</li></ul>", 4),
    ("<p>— · 12 words?</p>", 2),  # punctuation alone is not a word
    ("<p>面试问题</p>", 4),  # CJK: one per character
    ("<p>Kubernetes 面试</p>", 3),
    ("<p>attributes <img alt='not counted' src='x.png'> only text</p>", 3),
    ("<p>a--b -- --a b-- ... x_y _ 2026 e.g.</p>", 7),  # runs joined by punctuation are one word
    ("<p>tab\tand\u00a0no-break\u2003em space</p>", 5),  # every Unicode space separates
    ("<p>one<!-- a comment --> two</p><li>three</li><li>four</li>", 4),
])
def test_count_words(html, words):
    assert count_words(html) == words


def test_minutes_round_up_with_a_floor_of_one():
    assert reading_time("<p>word</p>", 200).minutes == 1
    assert reading_time("<p>" + "word " * 200 + "</p>", 200).minutes == 1
    assert reading_time("<p>" + "word " * 201 + "</p>", 200).minutes == 2
    rt = reading_time("<p>" + "word " * 1000 + "</p>", 238)
    assert (rt.words, rt.minutes, str(rt)) == (1000, 5, "5 min read")
