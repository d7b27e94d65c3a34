"""Entry point: the window without a sub-command, the headless command line otherwise."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from rtes_desktop.cli import wants_gui

    if wants_gui(args):
        from rtes_desktop.gui.shell.app import run_gui

        return run_gui(args)
    from rtes_desktop.cli import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
