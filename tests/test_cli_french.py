"""The command line's --help and usage errors are entirely French (issue 13, item 8)."""

from __future__ import annotations

import argparse
import re

import pytest

from rtes_desktop.cli import build_parser, run_cli
from rtes_desktop.cli.argparse_fr import french

ENGLISH = (
    "usage",
    "positional arguments",
    "optional arguments",
    "options:",
    "show this",
    "show program",
    "subcommands",
    "error:",
    "required",
    "invalid",
    "expected",
)


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}(?!\w)", text.lower())]


def every_command() -> list[list[str]]:
    """Every sub-command path: [], [sync], [notes, add]…"""
    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        found.append(path)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])

    with french():
        walk(build_parser(), [])
    return found


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "rtes-desktop")
def test_help_has_no_english(path, capsys):
    assert run_cli([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("utilisation : rtes-desktop")
    assert "options :" in text
    assert not english_in(text), text


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["inconnue"],
        ["search", "x", "--limit", "beaucoup"],
        ["sync", "--inconnu"],
        ["keys"],
    ],
)
def test_usage_errors_are_french(argv, capsys):
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert ": erreur :" in err
    assert not english_in(err), err


def test_argparse_is_left_english_outside_the_command_line():
    parser = argparse.ArgumentParser(prog="autre")
    assert "usage: autre" in parser.format_help()
