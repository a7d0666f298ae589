"""Lets `python -m brandkit` run the command-line tool."""

from brandkit.cli import main

main()
