"""Renderers: the only code that talks to reportlab (PDF) and pypdfium2 (PNG)."""
