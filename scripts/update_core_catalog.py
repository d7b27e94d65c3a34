"""Extract the core's and the command line's translatable messages and compile them.

French is the source text (`_("…")`, `N_("…")`, `ngettext("…", "…", n)` in
`rtes_desktop/core/` and `rtes_desktop/cli/`, see `core/i18n.py`). This script:

1. finds those calls with `ast` (no xgettext needed) and updates
   `resources/locale/<lang>/LC_MESSAGES/rtes_desktop.po`: translations of messages
   still in the code are kept, new ones added empty, gone ones dropped;
2. optionally merges translations from `--fill FILE.json` ({"French": "English"},
   a plural as {"singular\\u0000plural": ["one", "many"]});
3. compiles the `.mo` that Python's `gettext` reads (a small GNU .mo writer below:
   CPython's Tools/i18n/msgfmt.py is not installed with Python, and Babel would be
   a dependency for 60 lines);
4. `--check`: exit 1 when a message is untranslated or a file is not up to date.

Usage: .venv/bin/python scripts/update_core_catalog.py [--fill FILE.json] [--check]
"""

from __future__ import annotations

import argparse
import ast
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [ROOT / "rtes_desktop" / "core", ROOT / "rtes_desktop" / "cli"]
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "rtes_desktop"
LANGS = ["en"]
HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Language: {lang}\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)

#: msgid -> msgstr; a plural's msgid is "singular\0plural", its msgstr "one\0many"
Catalog = dict[str, str]


def extract() -> list[str]:
    """Every message id in the code, in first-seen order (files sorted)."""
    found: dict[str, None] = {}
    for package in PACKAGES:
        for path in sorted(package.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                if node.func.id in ("_", "N_") and len(args) == 1 and isinstance(args[0], str):
                    found[args[0]] = None
                elif node.func.id == "ngettext" and len(args) == 3:
                    if isinstance(args[0], str) and isinstance(args[1], str):
                        found[f"{args[0]}\0{args[1]}"] = None
    return list(found)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_po(msgids: list[str], catalog: Catalog) -> str:
    """The .po text: one entry per message, plural entries with msgstr[0]/[1]."""
    out = ['msgid ""', f"msgstr {_quote(catalog.get('', ''))}", ""]
    for msgid in msgids:
        if "\0" in msgid:
            singular, plural = msgid.split("\0")
            forms = (catalog.get(msgid) or "\0").split("\0")
            out += [f"msgid {_quote(singular)}", f"msgid_plural {_quote(plural)}"]
            out += [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms[:2])]
        else:
            out += [f"msgid {_quote(msgid)}", f"msgstr {_quote(catalog.get(msgid, ''))}"]
        out.append("")
    return "\n".join(out)


def read_po(text: str) -> Catalog:
    """The entries of a .po written by `write_po` (one quoted string per line)."""
    catalog: Catalog = {}
    entry: dict[str, str] = {}

    def flush() -> None:
        if "msgid" not in entry:
            return
        msgid = entry["msgid"]
        if "msgid_plural" in entry:
            msgid = f"{msgid}\0{entry['msgid_plural']}"
            forms = [entry.get("msgstr[0]", ""), entry.get("msgstr[1]", "")]
            catalog[msgid] = "\0".join(forms) if any(forms) else ""
        else:
            catalog[msgid] = entry.get("msgstr", "")
        entry.clear()

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _space, value = line.partition(" ")
        if key == "msgid":
            flush()
        entry[key] = json.loads(value)
    flush()
    return catalog


def compile_mo(catalog: Catalog) -> bytes:
    """GNU .mo bytes (little-endian, no hash table) of the translated entries."""
    pairs = sorted(
        (k.encode("utf-8"), v.encode("utf-8"))
        for k, v in catalog.items()
        if v and (k == "" or v.strip("\0"))
    )
    count = len(pairs)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    tables: list[int] = []
    blob = b""
    for original, _t in pairs:
        tables += [len(original), data_at + len(blob)]
        blob += original + b"\0"
    for _o, translation in pairs:
        tables += [len(translation), data_at + len(blob)]
        blob += translation + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    return header + struct.pack(f"<{len(tables)}I", *tables) + blob


def update(lang: str, fill: dict[str, object] | None, check: bool) -> list[str]:
    """Bring one language's .po and .mo up to date; return the problems found."""
    msgids = extract()
    po = po_path(lang)
    old_text = po.read_text(encoding="utf-8") if po.exists() else ""
    catalog = read_po(old_text) if old_text else {}
    catalog[""] = HEADER.format(lang=lang)
    for key, value in (fill or {}).items():
        catalog[key] = "\0".join(value) if isinstance(value, list) else str(value)
    po_text = write_po(msgids, catalog)
    kept = {k: v for k, v in catalog.items() if k == "" or k in msgids}
    mo_bytes = compile_mo(kept)
    mo = po.with_suffix(".mo")
    problems = [
        f"{lang} : non traduit : {m.replace(chr(0), ' | ')!r}"
        for m in msgids
        if not kept.get(m, "").strip("\0")
    ]
    if check:
        if po_text != old_text:
            problems.append(f"{po} n'est pas à jour : lancez scripts/update_core_catalog.py")
        if not mo.exists() or mo.read_bytes() != mo_bytes:
            problems.append(f"{mo} n'est pas à jour : lancez scripts/update_core_catalog.py")
        return problems
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(po_text, encoding="utf-8")
    mo.write_bytes(mo_bytes)
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", metavar="FILE.json")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    fill = json.loads(Path(args.fill).read_text(encoding="utf-8")) if args.fill else None
    problems: list[str] = []
    for lang in LANGS:
        problems += update(lang, fill, args.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(extract())} messages ; {len(problems)} problème(s)")
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
