"""Extract the interface's strings and compile the translations.

French is the source language of every string (`self.tr("…")` in
`rtes_desktop/gui/**/*.py`). This script:

1. runs `pyside6-lupdate` over those files into `resources/i18n/rtes_desktop_en.ts`
   (existing translations are kept; strings no longer in the code are dropped);
2. optionally merges translations from a JSON file (`--fill FILE`, an object
   {"French source": "English"}), for bulk work without Qt Linguist;
3. runs `pyside6-lrelease` to write `rtes_desktop_en.qm`, which the application loads;
4. lists what is still untranslated (`--check` makes that an error, for CI).

Usage: .venv/bin/python scripts/update_translations.py [--fill FILE.json] [--check]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUI = ROOT / "rtes_desktop" / "gui"
I18N = ROOT / "resources" / "i18n"
LANGS = {"en": "en_GB"}


def tool(name: str) -> str:
    """pyside6-<name> next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    sys.exit(f"pyside6-{name} introuvable : installez PySide6 (pip install -e .)")


def ts_path(lang: str) -> Path:
    return I18N / f"rtes_desktop_{lang}.ts"


def extract(lang: str) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in GUI.rglob("*.py"))
    cmd = [
        tool("lupdate"),
        *sources,
        "-source-language",
        "fr_FR",
        "-target-language",
        LANGS[lang],
        "-locations",
        "none",  # no line numbers: the .ts changes only when strings do
        "-no-obsolete",
        "-ts",
        str(ts_path(lang).relative_to(ROOT)),
    ]
    subprocess.run(cmd, cwd=ROOT, check=True)


def fill(lang: str, table: dict[str, str]) -> int:
    """Write translations for untranslated messages whose source is in `table`."""
    path = ts_path(lang)
    tree = ET.parse(path)
    done = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or source not in table:
            continue
        if translation.get("type") == "unfinished" or not (translation.text or ""):
            translation.text = table[source]
            translation.attrib.pop("type", None)
            done += 1
    _write_ts(tree, path)
    return done


def _write_ts(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def unfinished(lang: str) -> list[tuple[str, str]]:
    """(context, source) of every message without a translation."""
    out = []
    for context in ET.parse(ts_path(lang)).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or translation.get("type") == "unfinished"
                or not (translation.text or "")
            ):
                out.append((name, message.findtext("source") or ""))
    return out


def compile_qm(lang: str) -> Path:
    qm = I18N / f"rtes_desktop_{lang}.qm"
    subprocess.run([tool("lrelease"), str(ts_path(lang)), "-qm", str(qm)], check=True)
    return qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", type=Path, help="JSON {source française: traduction}")
    parser.add_argument("--lang", default="en", choices=sorted(LANGS))
    parser.add_argument("--check", action="store_true", help="échoue s'il reste à traduire")
    parser.add_argument("--no-extract", action="store_true", help="ne relance pas lupdate")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    if not args.no_extract:
        extract(args.lang)
    if args.fill:
        table = json.loads(args.fill.read_text(encoding="utf-8"))
        print(f"{fill(args.lang, table)} traduction(s) ajoutée(s) depuis {args.fill}")
        extract(args.lang)  # lupdate writes the file back in its own layout
    qm = compile_qm(args.lang)
    todo = unfinished(args.lang)
    for context, source in todo:
        print(f"à traduire [{context}] {source}")
    print(f"{qm.relative_to(ROOT)} écrit ; {len(todo)} chaîne(s) à traduire")
    return 1 if (args.check and todo) else 0


if __name__ == "__main__":
    sys.exit(main())
