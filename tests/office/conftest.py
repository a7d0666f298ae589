"""Chromium for the e-mail signature tests: Debian's /usr/bin/chromium driven by Playwright,
started as the studio's tests start it (its path and arguments), and stopped when this folder's
tests end, so the studio's own session-wide browser can start after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.studio.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make install puts it in /usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
