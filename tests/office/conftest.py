"""The studio's Chromium (Debian's /usr/bin/chromium, driven by Playwright) for the e-mail
signature tests."""

from tests.studio.conftest import browser  # noqa: F401  (a fixture, used by name)
