"""The look, in one module: Fusion with a calm palette (teal of the icon, warm accent
for what is personal), light or dark as the user chose or as the system says, and a
short style sheet.

What the platform says wins when it is not a plain light or dark: a high-contrast
theme, or a scheme Qt cannot name (many Linux desktops), keeps the platform's own
palette (the style sheet then takes its colours from it). Painting our palette over
a high-contrast theme would undo what the user needs to read the screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

LIGHT = {
    "window": "#f3f5f5",
    "base": "#ffffff",
    "alt": "#f0f3f3",
    "text": "#1c2426",
    "button": "#f7f9f9",
    "mid": "#c9d2d2",
    "dark": "#8d9a9a",
    "highlight": "#0f6e66",
    "highlighted_text": "#ffffff",
    "link": "#0b6259",
    "placeholder": "#687576",
    "tooltip": "#263234",
    "tooltip_text": "#f3f5f5",
    "sidebar": "#eaeeee",
}
DARK = {
    "window": "#1d2223",
    "base": "#161a1b",
    "alt": "#1f2526",
    "text": "#e2e8e8",
    "button": "#262c2d",
    "mid": "#3c4547",
    "dark": "#0f1212",
    "highlight": "#4fb3a6",
    "highlighted_text": "#0b1414",
    "link": "#7fd3c7",
    "placeholder": "#8c9899",
    "tooltip": "#e2e8e8",
    "tooltip_text": "#1d2223",
    "sidebar": "#191d1e",
}


def high_contrast() -> bool:
    """True when the platform asks for high contrast (Qt ≥ 6.10 can tell)."""
    hints = QGuiApplication.styleHints()
    # QStyleHints.accessibility() is Qt 6.10; pyproject allows 6.8, which cannot tell.
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    return bool(accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


def colors_of(pal: QPalette) -> dict[str, str]:
    """The style sheet's colours taken from a palette (the platform's own)."""
    role = QPalette.ColorRole

    def c(r: QPalette.ColorRole) -> str:
        return str(pal.color(r).name())

    return {
        "window": c(role.Window),
        "base": c(role.Base),
        "alt": c(role.AlternateBase),
        "text": c(role.Text),
        "button": c(role.Button),
        "mid": c(role.Mid),
        "dark": c(role.Dark),
        "highlight": c(role.Highlight),
        "highlighted_text": c(role.HighlightedText),
        "link": c(role.Link),
        "placeholder": c(role.PlaceholderText),
        "tooltip": c(role.ToolTipBase),
        "tooltip_text": c(role.ToolTipText),
        "sidebar": c(role.Window),
    }


def _is_dark(colors: dict[str, str]) -> bool:
    return QColor(colors["window"]).lightness() < 128


def make_palette(colors: dict[str, str]) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    c = {k: QColor(v) for k, v in colors.items()}
    pal.setColor(role.Window, c["window"])
    pal.setColor(role.WindowText, c["text"])
    pal.setColor(role.Base, c["base"])
    pal.setColor(role.AlternateBase, c["alt"])
    pal.setColor(role.Text, c["text"])
    pal.setColor(role.Button, c["button"])
    pal.setColor(role.ButtonText, c["text"])
    pal.setColor(role.BrightText, QColor("#ffffff"))
    pal.setColor(role.Mid, c["mid"])
    pal.setColor(role.Midlight, c["alt"])
    pal.setColor(role.Dark, c["dark"])
    pal.setColor(role.Light, c["base"])
    pal.setColor(role.Shadow, c["dark"])
    pal.setColor(role.Highlight, c["highlight"])
    pal.setColor(role.HighlightedText, c["highlighted_text"])
    pal.setColor(role.Link, c["link"])
    pal.setColor(role.LinkVisited, c["link"])
    pal.setColor(role.PlaceholderText, c["placeholder"])
    pal.setColor(role.ToolTipBase, c["tooltip"])
    pal.setColor(role.ToolTipText, c["tooltip_text"])
    disabled = QColor(c["text"])
    disabled.setAlpha(110)
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return pal


def style_sheet(colors: dict[str, str]) -> str:
    c = colors
    return f"""
QMainWindow::separator {{ background: {c["mid"]}; width: 1px; height: 1px; }}
QSplitter::handle {{ background: {c["mid"]}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QToolBar#mainToolBar {{
    background: {c["window"]}; border: none; border-bottom: 1px solid {c["mid"]};
    padding: 4px; spacing: 6px;  /* = the initial margin: a re-polish keeps the height */
}}
QToolBar#mainToolBar QToolButton {{ padding: 5px 9px; border-radius: 6px; }}
QToolBar#mainToolBar QToolButton:hover {{ background: {c["alt"]}; border: 1px solid {c["mid"]}; }}
QToolBar#mainToolBar QToolButton#syncButton {{
    background: {c["highlight"]}; color: {c["highlighted_text"]}; font-weight: 600;
    padding: 5px 14px;
}}
QToolBar#mainToolBar QToolButton#syncButton:hover {{ border: 1px solid {c["link"]}; }}
QLineEdit#searchField {{
    border: 1px solid {c["mid"]}; border-radius: 8px; padding: 6px 10px;
    background: {c["base"]}; selection-background-color: {c["highlight"]};
    font-size: 11pt;
}}
QLineEdit#searchField:focus {{ border: 2px solid {c["highlight"]}; padding: 5px 9px; }}
QTreeWidget#sidebar {{
    background: {c["sidebar"]}; border: 2px solid transparent; padding: 6px 0px;
}}
QTreeWidget#sidebar::item {{ padding: 4px 2px; border-radius: 4px; }}
QTreeWidget#sidebar::item:selected {{
    background: {c["highlight"]}; color: {c["highlighted_text"]};
}}
QWidget#resultsHeader, QWidget#facetBar {{ background: {c["base"]}; }}
QLabel#resultsCount {{ font-size: 10.5pt; }}
QLabel#muted, QLabel#facetTitle {{ color: {c["placeholder"]}; }}
QLabel#facetTitle {{ font-size: 9pt; padding-top: 3px; }}
QPushButton#chip {{
    border: 1px solid {c["mid"]}; border-radius: 11px; padding: 2px 10px;
    background: {c["base"]}; font-size: 9pt; min-height: 18px;
}}
QPushButton#chip:hover {{ border-color: {c["highlight"]}; }}
QPushButton#chip:focus {{ border: 2px solid {c["highlight"]}; padding: 1px 9px; }}
QPushButton#chip:checked {{
    background: {c["highlight"]}; color: {c["highlighted_text"]}; border-color: {c["highlight"]};
}}
QToolButton#chipMore {{
    border: 1px dashed {c["mid"]}; border-radius: 11px; padding: 2px 9px; font-size: 9pt;
}}
QToolButton#chipMore::menu-indicator {{ image: none; width: 0; }}
QPushButton#linkButton {{
    border: none; background: transparent; color: {c["link"]}; text-decoration: underline;
    padding: 0 2px; font-size: 9pt;
}}
QListView#resultsList {{ border: 2px solid transparent; background: {c["base"]}; }}
QLabel#emptyState {{ background: {c["base"]}; color: {c["text"]}; font-size: 10.5pt; }}
QTextBrowser#reader {{ border: 2px solid transparent; background: {c["base"]}; }}
/* Where the keyboard is, in every panel (RGAA 10.7): a 2 px ring in the highlight
   colour. The panels without a frame keep a transparent one, so nothing moves. */
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus, QLineEdit:focus,
QTreeWidget#sidebar:focus, QListView#resultsList:focus, QTextBrowser#reader:focus {{
    border: 2px solid {c["highlight"]};
}}
QStatusBar {{ border-top: 1px solid {c["mid"]}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QLabel#expiryWarning {{ color: {"#f0b14a" if _is_dark(c) else "#9a5b00"}; font-weight: 600; }}
QLabel#welcomeTitle {{ font-size: 15pt; font-weight: 600; }}
QLabel#welcomeText {{ font-size: 10.5pt; }}
"""


_current: Theme | None = None


class Theme:
    """Applies the look: the user's choice, else the system's, and follows the
    system when it switches."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.dark = False
        self.preference = "system"

    def install(self, preference: str | None = None) -> None:
        global _current
        _current = self
        self.app.setStyle("Fusion")
        self.preference = preference or "system"
        self.apply()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self.apply())

    def apply(self, dark: bool | None = None) -> None:
        """Light or dark as the preference, else the system, says (or as `dark`
        forces: screenshots)."""
        self.dark = paint(self.app, self.preference, dark)

    def set_preference(self, preference: str | None) -> None:
        self.preference = preference or "system"
        self.apply()


def paint(app: QGuiApplication, preference: str | None, dark: bool | None = None) -> bool:
    """Set the palette and style sheet for `preference` ("system", "light", "dark");
    returns whether the result is dark."""
    if dark is None:
        dark = {"light": False, "dark": True}.get(preference or "system")
    if dark is None:  # follow the system
        scheme = QGuiApplication.styleHints().colorScheme()
        if high_contrast() or scheme == Qt.ColorScheme.Unknown:
            app.setPalette(QPalette())  # back to the platform's own palette
            colors = colors_of(app.palette())
            if isinstance(app, QApplication):
                app.setStyleSheet(style_sheet(colors))
            log.info("theme: the platform's (%s)", "high contrast" if high_contrast() else scheme)
            return _is_dark(colors)
        dark = scheme == Qt.ColorScheme.Dark
    colors = DARK if dark else LIGHT
    app.setPalette(make_palette(colors))
    if isinstance(app, QApplication):
        app.setStyleSheet(style_sheet(colors))
    log.info("theme: %s", "dark" if dark else "light")
    return dark


def apply_theme(app: QGuiApplication, preference: str | None) -> None:
    """The user chose a theme (settings): tell Qt the scheme wanted, then paint,
    through the installed `Theme` when the window has one."""
    hints = app.styleHints()
    wanted = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(preference or "")
    if wanted is None:
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(wanted)
    if _current is not None:
        _current.set_preference(preference)
    else:
        paint(app, preference)
