"""brandkit: print-ready and screen-ready brand assets for one-stop offices, from one YAML spec."""

__version__ = "0.1.0"
