"""Plugs the trainer's outputs into the main window: the actions (Ctrl+P, « Exporter
en PDF… », « Partager la session… », « Importer une session… »), a `.rtes-session`
dropped on the window, and the « À revérifier » view behind its sidebar row. Kept out
of main_window.py, which only calls `handout_controller(window)` (before building the
sessions view, which is given `export_session` for its « Exporter la session… ») and
`attach_handout(window)` once the widgets exist."""

from __future__ import annotations

from typing import Any

from rtes_desktop.gui.handout.controller import HandoutController
from rtes_desktop.gui.notes.recheck_view import RecheckView
from rtes_desktop.gui.shell.sidebar import RECHECK


def handout_controller(window: Any) -> HandoutController:
    """The window's controller. Made before the views that are given it, so what is
    in front of the user (the session shown, the fiche open) is looked up when asked."""

    def current_session() -> int | None:
        view = window.sessions_view
        if window.center.currentWidget() is view:
            return view.current_session_id  # type: ignore[no-any-return]
        return None

    def current_entry() -> str | None:
        return window.reader.current_key or None  # type: ignore[no-any-return]

    return HandoutController(window.library, window.jobs, window, current_entry, current_session)


def attach_handout(window: Any) -> HandoutController:
    """Wire `window.handout` (from `handout_controller`) and the « À revérifier » view."""
    sessions_view = window.sessions_view
    ctl: HandoutController = window.handout
    view = RecheckView(window)
    window.center.addWidget(view)
    window.recheck_view = view
    window.installEventFilter(ctl)  # a .rtes-session dropped on the window is imported

    a = window.actions_
    a.bind(
        {
            a.print_: ctl.print_current,
            a.export_pdf: ctl.export_pdf_current,
            a.share_session: ctl.share_session,
            a.import_session: ctl.import_dialog,
        }
    )
    status = window.statusBar()
    ctl.message.connect(lambda m: status.showMessage(m, 10000))

    def imported(session_id: int) -> None:
        window.show_sessions()
        sessions_view.refresh(select=session_id)
        window.controller.reload_sidebar()

    ctl.sessions_changed.connect(imported)

    def stale_read(stale: list[Any]) -> None:
        view.load(stale)
        has_row = window.sidebar.count_of(RECHECK) is not None
        if has_row != bool(stale):
            window.controller.reload_sidebar()  # the row comes with the first, goes with the last
        elif stale:
            window.sidebar.set_count(RECHECK, len(stale))

    ctl.stale_changed.connect(stale_read)

    def show_recheck() -> None:
        window.center.setCurrentWidget(view)
        ctl.refresh_stale()

    window.sidebar.recheck_selected.connect(show_recheck)
    view.verify_requested.connect(ctl.verify)
    view.open_entry_requested.connect(window.open_entry)
    # A sync may have changed annotated fiches; a note edited is re-read against its fiche.
    window.sync_launcher.synced.connect(lambda _r: ctl.refresh_stale())
    window.notes_panel.notes_changed.connect(lambda _k: ctl.stale and ctl.refresh_stale())
    window.show_recheck = show_recheck
    ctl.refresh_stale()
    return ctl
