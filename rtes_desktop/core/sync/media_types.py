"""What an attachment may be called, and what it may become on disk.

A publisher names its attachments; the name is shown in the reader and, when the
user opens one, a copy is handed to the system's viewer. The system picks the
program from the file's extension, so that extension must come from an
allow-list of harmless document types keyed by the declared media type, never
from the name: `fiche.exe` declared `application/pdf` opens as a PDF or not at all.
"""

from __future__ import annotations

from rtes_desktop.core.i18n import _
from rtes_desktop.core.text_safety import dangerous_char, is_reserved_device_name, visible

#: Longest attachment name accepted. The viewer copy lives in
#: `<data>/cache/open/<16 hex>/NAME` (Windows: about 90 characters before NAME with
#: a usual user folder), so 100 keeps the whole path far below MAX_PATH (260).
MAX_NAME_CHARS = 100

#: Media types the system's viewer may open, and the extension their copy gets.
#: No SVG (it may carry scripts), no HTML, nothing executable.
VIEWER_EXTENSIONS: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
}

#: Extensions that run something when opened (Windows, macOS, Linux desktops).
#: A name ending so is refused at sync even though it would never be opened.
EXECUTABLE_EXTENSIONS = frozenset(
    ".exe .com .bat .cmd .scr .pif .cpl .msi .msp .mst .msc .lnk .url .reg .inf .hta "
    ".vb .vbs .vbe .js .jse .wsf .wsh .ws .ps1 .psm1 .psd1 .ps1xml .jar .appref-ms "
    ".application .gadget .settingcontent-ms .library-ms .scf .chm .dll .sys .drv .ocx "
    ".desktop .sh .bash .zsh .csh .ksh .run .bin .appimage .deb .rpm .py .pyw .pl .rb "
    ".app .command .pkg .dmg .workflow .action .terminal .tool .iso .img .vhd .vhdx".split()
)


def attachment_name_problem(name: str) -> str | None:
    """Why `name` cannot be an attachment's name (a French phrase), or None."""
    bad = dangerous_char(name)
    if bad:
        return _("contient un {bad}, qui peut masquer la vraie extension").format(bad=bad)
    if len(name) > MAX_NAME_CHARS:
        return _("trop long ({count} caractères, {limit} au plus)").format(
            count=len(name), limit=MAX_NAME_CHARS
        )
    if is_reserved_device_name(name):
        return _("est un nom de périphérique réservé par Windows (CON, NUL, COM1…)")
    dot = name.rfind(".")
    if dot > 0 and name[dot:].rstrip(" .").lower() in EXECUTABLE_EXTENSIONS:
        return _("a l'extension d'un programme ({ext}) : refusé").format(ext=name[dot:].lower())
    if name.endswith((" ", ".")):
        return _("se termine par un point ou une espace")
    return None


def viewer_extension(media_type: str) -> str | None:
    """The extension of the copy handed to the system, or None: never opened."""
    return VIEWER_EXTENSIONS.get(media_type.strip().lower())


def viewer_file_name(name: str, media_type: str, fallback: str) -> str | None:
    """A file name safe to hand to the system for an attachment, or None when its
    media type is not one the system may open.

    Built again from the stored name (entries synced before these rules may hold
    anything): dangerous characters and path separators removed, a reserved device
    name or an empty one replaced by `fallback`, length capped, and the extension
    always the media type's (`guide.exe` as PDF becomes `guide.exe.pdf`).
    """
    ext = viewer_extension(media_type)
    if ext is None:
        return None
    stem = visible(name)
    for ch in '/\\:*?"<>|':
        stem = stem.replace(ch, "_")
    if stem.lower().endswith(ext) or (ext == ".jpg" and stem.lower().endswith(".jpeg")):
        stem = stem[: stem.rfind(".")]
    stem = stem.strip(" .")[: MAX_NAME_CHARS - len(ext)].strip(" .")
    if not stem or is_reserved_device_name(stem):
        stem = fallback
    return stem + ext
