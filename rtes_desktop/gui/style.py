"""The look: Fusion with a calm palette (teal of the icon, warm accent for what is
personal), light or dark following the system, and a short style sheet."""

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


def system_is_dark() -> bool:
    """The system's colour scheme (Qt 6.5+), light when unknown."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is None:
        return False
    return bool(scheme() == Qt.ColorScheme.Dark)


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
    background: {c["sidebar"]}; border: none; padding: 8px 2px;
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
QListView#resultsList {{ border: none; background: {c["base"]}; }}
QLabel#emptyState {{ background: {c["base"]}; color: {c["text"]}; font-size: 10.5pt; }}
QTextBrowser#reader {{ border: none; background: {c["base"]}; }}
QStatusBar {{ border-top: 1px solid {c["mid"]}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QLabel#expiryWarning {{ color: {"#9a5b00" if c is LIGHT else "#f0b14a"}; font-weight: 600; }}
QLabel#welcomeTitle {{ font-size: 15pt; font-weight: 600; }}
QLabel#welcomeText {{ font-size: 10.5pt; }}
"""


_current: Theme | None = None


class Theme:
    """Applies the light or dark look: the user's choice, else the system's, and
    follows the system when it switches."""

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
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: self.apply())

    def apply(self, dark: bool | None = None) -> None:
        """Light or dark as the preference, else the system, says (or as `dark`
        forces: screenshots)."""
        if dark is None:
            dark = {"light": False, "dark": True}.get(self.preference, None)
        self.dark = system_is_dark() if dark is None else dark
        colors = DARK if self.dark else LIGHT
        self.app.setPalette(make_palette(colors))
        self.app.setStyleSheet(style_sheet(colors))
        log.info("theme: %s", "dark" if self.dark else "light")

    def set_preference(self, preference: str | None) -> None:
        self.preference = preference or "system"
        self.apply()


def apply_user_theme(preference: str | None) -> None:
    """The settings changed the theme: apply it with this application's palettes."""
    if _current is not None:
        _current.set_preference(preference)
