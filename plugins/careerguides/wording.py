"""Wording rules for generated sentences: names keep their case, lists read naturally, money is local."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

from babel.numbers import format_compact_currency

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")


def mid_sentence(name: str, proper_names: Iterable[str] = ()) -> str:
    """``name`` as it reads inside a sentence.

    Only an ordinary capitalised first word is lowered ("Model serving" -> "model serving");
    acronyms, mixed case and listed proper names stay as written: "MLOps", "ML pipeline design",
    "GenAI deployment", "SLOs", "Kubernetes operations".
    """
    first, sep, rest = name.partition(" ")
    ordinary = len(first) > 1 and first[0].isupper() and first[1:].islower() and first.isalpha()
    if not ordinary or first in set(proper_names):
        return name
    return first[0].lower() + first[1:] + sep + rest


_AN_LETTERS = set("AEFHILMNORSX")  # letters whose spoken name starts with a vowel: "an SRE"
_A_WORDS = ("uni", "use", "usa", "eu", "one", "once")  # vowel letters with a consonant sound
_AN_WORDS = ("hour", "honest", "honor", "honour", "heir")  # a silent h


def with_article(name: str) -> str:
    """``name`` after "a" or "an" as it is said: an MLOps Engineer, an SRE, a Data Engineer,
    an AI Safety Engineer, a UX Designer, an hourly contractor."""
    word = name.split(" ", 1)[0]
    if len(word) > 1 and word[:2].isupper():  # an acronym, spoken letter by letter
        vowel = word[0] in _AN_LETTERS
    else:
        lower = word.lower()
        vowel = (lower[:1] in set("aeiou") and not lower.startswith(_A_WORDS)) or (
            lower.startswith(_AN_WORDS))
    return f"{'an' if vowel else 'a'} {name}"


def sentence_start(text: str) -> str:
    """Capitalise the first letter only (never lower the rest: "mLOps" stays impossible)."""
    return text[:1].upper() + text[1:]


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b, and c' (serial comma, as US English style guides use)."""
    items = list(items)
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def number_words(n: int) -> str:
    """Small counts in words, larger ones in digits, as most style guides ask."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def money(amount: int, currency: str, locale: str = "en") -> str:
    """A salary compactly, in its currency's own symbol: $155K, €118K, £95.5K."""
    return format_compact_currency(amount, currency, locale=locale.replace("-", "_"),
                                   fraction_digits=1)


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with its ``{placeholders}`` filled; config checks the names beforehand."""
    return string.Formatter().vformat(template, (), values)
