"""Sync refusals worded for an agent, with the technical account kept as `detail`.

The engine and `signing` raise precise, technical messages (« manifest.json : numéro
de série 2 inférieur à celui déjà appliqué (3)… »): right for a log or an IT person,
opaque for an agent holding a USB key. Each common refusal becomes one plain
sentence naming what the agent handed in (this zip file, this folder, this
address) and saying that nothing changed; the original message stays in `detail`
(the CLI prints it with --verbose, the window under « Détails »).
"""

from __future__ import annotations

from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.i18n import N_, _

#: reader kind -> (subject, « de … » complement)
_MEDIUM = {
    "zip": (N_("Ce fichier zip"), N_("de ce fichier zip")),
    "folder": (N_("Ce dossier"), N_("de ce dossier")),
    "http": (N_("Cette adresse"), N_("de cette adresse")),
}

#: refusal code -> plain sentence ({where} and {of_where} name the medium)
_PLAIN = {
    "bad_signature": N_(
        "La signature {of_where} ne correspond pas à son contenu (fichiers modifiés ou "
        "abîmés en chemin) : rien n'a été modifié."
    ),
    "publishing": N_(
        "L'éditeur est en train de mettre à jour le contenu {of_where} : réessayez dans "
        "quelques minutes ; rien n'a été modifié."
    ),
    "unknown_key": N_(
        "Le contenu {of_where} est signé par un éditeur que votre bibliothèque ne connaît "
        "pas : rien n'a été modifié. Si vous lui faites confiance, ajoutez sa clé publique."
    ),
    "no_signature": N_(
        "Le contenu {of_where} n'est pas signé : rien ne prouve qu'il vient de l'éditeur, "
        "rien n'a été modifié."
    ),
    "demo_key": N_(
        "Le contenu {of_where} est signé avec la clé de démonstration, qui ne prouve "
        "rien : rien n'a été modifié."
    ),
    "reserved_demo": N_(
        "Le contenu {of_where} se présente comme la bibliothèque de démonstration, que "
        "seule l'application fournit : rien n'a été modifié."
    ),
    "key_scope": N_(
        "La clé qui signe le contenu {of_where} n'est pas reconnue pour cette source : "
        "rien n'a été modifié."
    ),
    "owner": N_(
        "Le contenu {of_where} n'est pas signé par l'éditeur de la source qu'il prétend "
        "mettre à jour : rien n'a été modifié. Si cet éditeur a changé de clé, faites "
        "confiance à la nouvelle pour cette source."
    ),
    "owner_unsigned": N_(
        "Le contenu {of_where} n'est pas signé, alors que cette source l'a toujours été : "
        "rien n'a été modifié."
    ),
}


def _medium(kind: str) -> tuple[str, str]:
    where, of_where = _MEDIUM.get(kind, _MEDIUM["folder"])
    return _(where), _(of_where)


def plain_refusal(exc: RtesError, kind: str) -> BadInput | None:
    """`exc` reworded for an agent (its own text kept as `detail`), or None when it
    is not one of the common refusals (then it is shown as it is)."""
    template = _PLAIN.get(exc.code or "")
    if template is None or exc.detail is not None:
        return None
    where, of_where = _medium(kind)
    message = _(template).format(where=where, of_where=of_where)
    return BadInput(message, detail=str(exc), code=exc.code)


def rollback(kind: str, serial: int, current: int) -> BadInput:
    """An export older than the one the library holds."""
    where, _of = _medium(kind)
    message = _(
        "{where} contient une version plus ancienne (n° {serial}) que celle de votre "
        "bibliothèque (n° {current}) : rien n'a été modifié."
    ).format(where=where, serial=serial, current=current)
    detail = (
        f"manifest.json : numéro de série {serial} inférieur à celui déjà appliqué "
        f"({current}) : retour en arrière refusé (export ancien ou rejoué)"
    )
    return BadInput(message, detail=detail, code="rollback")


def replay(kind: str, serial: int) -> BadInput:
    """An export with the serial the library holds, but other bytes."""
    where, _of = _medium(kind)
    message = _(
        "{where} contient une version n° {serial} différente de celle que votre "
        "bibliothèque a déjà reçue sous ce numéro : par prudence, rien n'a été modifié. "
        "Demandez à l'éditeur une nouvelle publication."
    ).format(where=where, serial=serial)
    detail = (
        f"manifest.json : même numéro de série ({serial}) que l'export déjà appliqué, "
        "mais contenu différent : export refusé"
    )
    return BadInput(message, detail=detail, code="replay")
