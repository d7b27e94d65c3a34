"""Characters and names that deceive a reader or the operating system.

One place for the "dangerous characters" rules, used by attachment names (which
become file names handed to the system) and personal tags (shown everywhere):

- bidi controls (U+202A-202E, U+2066-2069, U+200E/200F, U+061C) reorder what is
  displayed: « fiche-RTES\\u202efdp.exe » shows as « fiche-RTESexe.pdf »;
- zero-width and other invisible format characters (category Cf: U+200B-200D,
  U+2060, U+FEFF, soft hyphen…) make two names look the same;
- control characters (category Cc) move the cursor or rewrite a terminal;
- reserved Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any
  extension, any case, trailing dots or spaces) open a device, not a file.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Windows ignores trailing dots and spaces and everything after the first dot:
#: "CON", "con.txt", "Com1.pdf", "NUL . " all name a device.
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$")


def dangerous_char(text: str) -> str | None:
    """A French description of the first bidi, control or invisible character of
    `text` (with its code point), or None when there is none."""
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in _BIDI:
            what = "caractère de contrôle bidirectionnel"
        elif cat == "Cc":
            what = "caractère de contrôle"
        elif cat in ("Cf", "Cs", "Co", "Cn") or ch in "\u115f\u1160\u3164\uffa0":
            # Cf: zero-width and format characters; Cs: lone surrogates; Co/Cn:
            # private or unassigned (no font shows them the same way); the Hangul
            # fillers render as blanks.
            what = "caractère invisible"
        elif cat in ("Zl", "Zp"):
            what = "séparateur de ligne"
        else:
            continue
        return f"{what} U+{ord(ch):04X}"
    return None


def is_reserved_device_name(name: str) -> bool:
    """True for a name Windows maps to a device (CON, NUL, COM1.pdf, aux.txt…)."""
    return bool(_RESERVED.match(name.rstrip(" .")))


def visible(text: str) -> str:
    """`text` with every dangerous character removed: what to show of a name that
    was stored before these rules existed."""
    return "".join(ch for ch in text if dangerous_char(ch) is None)
