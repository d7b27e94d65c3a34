"""French typography for documents to hand out: non-breaking spaces where French wants
them, so a « ? » or a « : » never starts a line and guillemets hold their words.

Only spaces already there are made non-breaking (and guillemets get theirs): adding a
space before every « : » would break times (10:15) and addresses (https://).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before « : » and inside « »
NNBSP = "\u202f"  # narrow, before « ; ! ? »
_SPACES = "[ \t\u00a0\u202f]"
_BEFORE_TALL = re.compile(_SPACES + r"+(?=:)")
_BEFORE_SHORT = re.compile(_SPACES + r"+(?=[;!?])")
_OPEN = re.compile("«" + _SPACES + "*")
_CLOSE = re.compile(_SPACES + "*»")
_TAG = re.compile(r"(<[^>]*>)")
_CODE_OPEN = re.compile(r"<(pre|code)\b", re.I)
_CODE_CLOSE = re.compile(r"</(pre|code)\s*>", re.I)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def french_spacing(text: str) -> str:
    """Plain text with French non-breaking spaces: « mot : » « vrai ? » « « cité » »."""
    text = _BEFORE_TALL.sub(NBSP, text)
    text = _BEFORE_SHORT.sub(NNBSP, text)
    text = _OPEN.sub("«" + NBSP, text)
    return _CLOSE.sub(NBSP + "»", text)


def french_spacing_html(fragment: str) -> str:
    """The same in the text of an HTML fragment: tags, attributes, code and
    preformatted text are left alone."""
    out = []
    code_depth = 0
    for part in _TAG.split(fragment):
        if part.startswith("<") and part.endswith(">"):
            if _CODE_OPEN.match(part):
                code_depth += 1
            elif _CODE_CLOSE.match(part):
                code_depth = max(0, code_depth - 1)
            out.append(part)
        else:
            out.append(part if code_depth else french_spacing(part))
    return "".join(out)


def french_spacing_markdown(text: str) -> str:
    """The same in Markdown, outside code fences and `code spans`."""
    out = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or line.startswith(("    ", "\t")):
            out.append(line)
            continue
        spans = line.split("`")
        # Even pieces are outside code spans (an unmatched backtick leaves the rest alone).
        out.append(
            "`".join(
                french_spacing(piece) if i % 2 == 0 and len(spans) % 2 == 1 or i == 0 else piece
                for i, piece in enumerate(spans)
            )
        )
    return "\n".join(out)
