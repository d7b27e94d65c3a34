"""Ranking under noise (issue 14 item 4): an acronym counts as one rare concept.

A library that is mostly noise: 300 off-topic entries whose titles hold an everyday
word ("service") and whose bodies hold, scattered, the common words of an acronym's
long form ("intérêt", "économique", "général"), plus one entry where a word shares
the acronym's stem ("siéger"). The entries about the acronym must come first.
"""

from __future__ import annotations

import hashlib

import pytest

from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Entry
from rtes_desktop.core.search import SearchService

NOISE_TITLES = [
    "Service de messagerie",
    "Service d'impression",
    "Service de noms",
    "Service de temps",
    "Service réseau",
]


def entry(entry_id: str, title: str, body: str, themes: list[str] | None = None) -> Entry:
    return Entry(
        source_id="src",
        id=entry_id,
        kind="fiche",
        title=title,
        body=body,
        published_at="2024-01-01",
        updated_at="2024-01-01T00:00:00Z",
        sha256=hashlib.sha256((entry_id + body).encode()).hexdigest(),
        themes=themes or [],
    )


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    lib = Library.open(tmp_path_factory.mktemp("noisy"))
    with lib.transaction():
        lib.save_source("src", "Source")
        lib.replace_vocabulary(
            "src",
            [{"id": "fiche", "label": "Fiche"}],
            [
                {
                    "id": "sieg",
                    "label": "SIEG",
                    "description": "Services d'intérêt économique général",
                }
            ],
        )
        lib.write_entry(
            entry(
                "sieg-fiche",
                "Les SIEG et les collectivités",
                "Un SIEG est une activité que la collectivité confie par mandatement. "
                "Le mandatement d'un SIEG précise la compensation du service rendu.",
                ["sieg"],
            )
        )
        lib.write_entry(
            entry(
                "sieg-faq",
                "Mandater un SIEG",
                "Le mandatement sécurise une subvention au regard des aides d'État (SIEG).",
                ["sieg"],
            )
        )
        for i in range(300):
            lib.write_entry(
                entry(
                    f"bruit-{i}",
                    f"{NOISE_TITLES[i % 5]} n°{i}",
                    f"Ce service présente un intérêt pour l'administrateur. La configuration "
                    f"économique du démon {i} est décrite plus bas. En général, le fichier "
                    f"de configuration suffit ; la fonction de rappel du service {i} aussi.",
                )
            )
        lib.write_entry(
            entry(
                "siege",
                "Fonction de siège",
                "Cette fonction permet de siéger au conseil ; la fonction est documentée.",
            )
        )
    service = SearchService(lib)
    service.ensure_ready()
    yield service
    service.close()
    lib.close()


def top(service: SearchService, query: str, n: int = 3) -> list[str]:
    return [h.id for h in service.search(query, page_size=n).hits]


def test_everyday_word_and_acronym_ranks_the_acronym_entries_first(noisy):
    # Before: the 300 noise entries matched « SIEG » through the scattered words of
    # its long form (302 results), and « fonction SIEG » put the « siéger » entry
    # first, without either SIEG entry.
    got = noisy.search("service SIEG", page_size=5)
    assert [h.id for h in got.hits][:2] == ["sieg-fiche", "sieg-faq"]
    assert not any(h.id.startswith("bruit") for h in got.hits)
    assert top(noisy, "fonction SIEG", 1)[0] in {"sieg-fiche", "sieg-faq"}


def test_an_acronym_is_one_concept_matched_as_itself(noisy):
    # Not « siéger » (same stem), not the scattered words of its long form.
    got = noisy.search("SIEG", page_size=10)
    assert {h.id for h in got.hits} == {"sieg-fiche", "sieg-faq"} and got.total == 2


def test_the_long_form_still_finds_the_acronym_entries(noisy):
    assert set(top(noisy, "services d'interet economique general", 2)) == {
        "sieg-fiche",
        "sieg-faq",
    }


def test_page_text_ranks_below_fiche_text(tmp_path):
    # A guide whose 20 PDF pages repeat a word must not outrank the fiche about it.
    from rtes_desktop.core.library.attachment_pages import replace_pages
    from rtes_desktop.core.models import Attachment

    lib = Library.open(tmp_path / "lib")
    pages = [
        f"Page {n} : le gisement local, encore le gisement, toujours le gisement."
        for n in range(20)
    ]
    with lib.transaction() as conn:
        lib.save_source("src", "Source")
        lib.write_entry(entry("fiche", "Connaître son territoire", "Repérer le gisement."))
        guide = entry("guide", "Un guide", "Un guide sur autre chose.")
        guide.attachments = [Attachment("guide.pdf", "application/pdf", "ab" * 32, 10)]
        lib.write_entry(guide)
        replace_pages(conn, "src", "guide", {"ab" * 32: pages})
    service = SearchService(lib)
    try:
        service.ensure_ready()
        hits = service.search("gisement").hits
        assert [h.id for h in hits] == ["fiche", "guide"]
        assert hits[1].found_in and not hits[0].found_in
    finally:
        service.close()
        lib.close()
