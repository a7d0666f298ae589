"""Every message the studio shows has its Vietnamese and English text, with the same fields."""

from __future__ import annotations

import re

import pytest

from brandkit.i18n import catalogue
from tests.studio.messages import message_ids

FIELD = re.compile(r"\{(\w+)")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_studio_message_is_translated(lang: str) -> None:
    missing = sorted(m for m in message_ids() if m not in catalogue(lang))
    assert not missing


def test_translations_use_only_the_fields_of_their_message() -> None:
    for message in message_ids():
        text = catalogue("vi")[message]
        assert set(FIELD.findall(text)) <= set(FIELD.findall(message)), message
        assert text != message or not re.search("[a-z]{4}", message), message
