"""Names keep their case mid-sentence; lists, counts and money read naturally."""

from __future__ import annotations

import pytest

from careerguides.wording import (
    fill,
    join_words,
    mid_sentence,
    money,
    number_words,
    sentence_start,
    with_article,
)


@pytest.mark.parametrize("name, expected", [
    ("Model serving and deployment", "model serving and deployment"),
    ("Infrastructure for ML", "infrastructure for ML"),
    ("ML pipeline design", "ML pipeline design"),
    ("MLOps", "MLOps"),
    ("LLMOps and GenAI deployment", "LLMOps and GenAI deployment"),
    ("GenAI", "GenAI"),
    ("SLOs and error budgets", "SLOs and error budgets"),
    ("Kubernetes operations", "Kubernetes operations"),
    ("A/B testing", "A/B testing"),
    ("iOS release engineering", "iOS release engineering"),
    ("Data modeling", "data modeling"),
])
def test_mid_sentence_keeps_acronyms_and_proper_names(name, expected):
    assert mid_sentence(name, {"Kubernetes"}) == expected


def test_sentence_start_never_lowers_the_rest():
    assert sentence_start("mLOps rocks") == "MLOps rocks"
    assert sentence_start("GenAI") == "GenAI"


@pytest.mark.parametrize("items, expected", [
    ([], ""),
    (["a"], "a"),
    (["a", "b"], "a and b"),
    (["a", "b", "c"], "a, b, and c"),
])
def test_join_words(items, expected):
    assert join_words(items) == expected


@pytest.mark.parametrize("amount, currency, expected", [
    (155000, "USD", "$155K"),
    (118000, "EUR", "€118K"),
    (95500, "GBP", "£95.5K"),
    (1200000, "USD", "$1.2M"),
])
def test_money_is_compact_in_its_currency(amount, currency, expected):
    assert money(amount, currency) == expected


def test_number_words():
    assert [number_words(n) for n in (1, 4, 12, 13, 1500)] == ["one", "four", "twelve", "13", "1,500"]


def test_fill():
    assert fill("{role} in {year}", {"role": "MLOps Engineer", "year": 2026}) == "MLOps Engineer in 2026"


@pytest.mark.parametrize("name, expected", [
    ("MLOps Engineer", "an MLOps Engineer"),
    ("SRE", "an SRE"),
    ("AI Safety Engineer", "an AI Safety Engineer"),
    ("Data Engineer", "a Data Engineer"),
    ("UX Designer", "a UX Designer"),
    ("iOS Developer", "an iOS Developer"),
    ("Engineering Manager", "an Engineering Manager"),
    ("User Researcher", "a User Researcher"),
    ("Hourly Analyst", "an Hourly Analyst"),
    ("Kubernetes Administrator", "a Kubernetes Administrator"),
])
def test_with_article_follows_how_the_name_is_said(name, expected):
    assert with_article(name) == expected
