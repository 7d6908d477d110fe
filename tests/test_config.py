"""CAREER_GUIDES is merged over the defaults, frozen, and every unknown key is named."""

from __future__ import annotations

import pytest

from careerguides.config import DEFAULTS, GuideConfig


def test_defaults_need_no_settings():
    cfg = GuideConfig.from_settings({})
    assert cfg.wpm == DEFAULTS["WPM"] == 238
    assert set(cfg.prompts) == {"technical", "scenario", "tradeoff", "trends", "debugging"}


def test_overrides_merge_into_nested_dicts_without_touching_the_user_dict():
    user = {"WPM": 200, "PROMPTS": {"trends": "What is new in {area}?"}}
    cfg = GuideConfig.from_settings({"CAREER_GUIDES": user})
    assert cfg.wpm == 200
    assert cfg.prompts["trends"] == "What is new in {area}?"
    assert cfg.prompts["technical"] == DEFAULTS["PROMPTS"]["technical"]
    assert user == {"WPM": 200, "PROMPTS": {"trends": "What is new in {area}?"}}
    with pytest.raises(TypeError):
        cfg.prompts["trends"] = "changed"  # frozen


@pytest.mark.parametrize("settings, message", [
    ({"WMP": 200}, "unknown key 'WMP'"),
    ({"PROMPTS": {"tradoff": "x"}}, "unknown key(s) tradoff"),
    ({"PROMPTS": {"trends": "In {yeer}"}}, "unknown placeholder(s) {yeer}"),
    ({"WPM": 0}, "['WPM'] must be a positive whole number"),
    ({"SENTENCES": "nope"}, "must be a dict"),
])
def test_bad_settings_name_the_key(settings, message):
    with pytest.raises(ValueError) as info:
        GuideConfig.from_settings({"CAREER_GUIDES": settings})
    assert message in str(info.value)
