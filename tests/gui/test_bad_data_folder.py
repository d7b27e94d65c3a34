"""A data folder the app cannot use: one French sentence, never a traceback box
(gui/app.py caught OSError while the data-folder code raises RtesError)."""

from __future__ import annotations

from rtes_desktop.gui.shell.app import run_gui


def test_data_folder_that_is_a_file(tmp_path, qapp, capsys):
    not_a_folder = tmp_path / "bibliotheque"
    not_a_folder.write_text("un fichier, pas un dossier")
    status = run_gui(["--data-dir", str(not_a_folder)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "dossier de données inutilisable" in err
    assert f"{not_a_folder} : ce n'est pas un dossier" in err
    assert not_a_folder.read_text() == "un fichier, pas un dossier"  # nothing changed


def test_data_folder_below_a_file(tmp_path, qapp, capsys):
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    status = run_gui(["--data-dir", str(blocker / "donnees")])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert "impossible de créer le dossier de données" in err
