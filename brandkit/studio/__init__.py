"""The studio (`brandkit serve`): a small web interface over the build API for office
managers (staff lists, badges, builds, downloads), designers (previews on save, brand rules)
and print shops (bundles ready to download)."""

from brandkit.studio.app import StudioConfig, is_loopback
from brandkit.studio.server import create_app

__all__ = ["StudioConfig", "create_app", "is_loopback"]
