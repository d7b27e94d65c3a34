"""French analysis, query parsing and robustness of search to whatever is typed."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.demo import demo_dir
from rtes_desktop.core.frontmatter import read_source_tree
from rtes_desktop.core.search import SearchService
from rtes_desktop.core.search.analysis import FrenchAnalyzer, analyze, french_chain
from rtes_desktop.core.search.query import Thesaurus, _acronym_definitions, parse


def test_accents_are_folded_before_stemming():
    # The stock stemmer gives "fili" for "filières" but "filier" for "filiere".
    assert analyze("filières") == analyze("filiere") == analyze("Filière") == ["filier"]
    assert analyze("collectivités") == analyze("collectivite")


def test_elisions_numbers_and_stop_words():
    assert analyze("l'économie d’intérêt qu'il s'agit") == analyze("economie interet agit")
    assert analyze("RepèrESS n°12 de 2014") == [analyze("reperess")[0], "12", "2014"]
    assert analyze("n°9") == ["9"]
    assert analyze("le la les des à où et") == []
    assert analyze("Œuvre") == analyze("oeuvre")


def test_the_fused_analyzer_gives_the_literal_chain_tokens():
    chain, fused = french_chain(), FrenchAnalyzer()
    tree = read_source_tree(demo_dir())
    for sf in tree.files:
        text = f"{sf.meta['title']}\n{sf.meta.get('summary') or ''}\n{sf.body}"
        a = [
            (t.text, t.pos, t.startchar, t.endchar) for t in chain(text, positions=True, chars=True)
        ]
        b = [
            (t.text, t.pos, t.startchar, t.endchar) for t in fused(text, positions=True, chars=True)
        ]
        assert a == b, sf.meta["id"]


@given(st.text(max_size=200))
def test_the_fused_analyzer_matches_the_chain_on_any_text(text):
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    assert [t.text for t in french_chain()(text)] == [t.text for t in FrenchAnalyzer()(text)]


def test_over_merging_of_the_french_stemmer_is_corrected_or_known():
    # Corrected by overrides: these must not find each other.
    assert analyze("utilisateurs") != analyze("utiliser")
    assert analyze("entrées") != analyze("entre")
    assert analyze("communes") != analyze("communication")
    assert analyze("publique") == analyze("public") != analyze("publication")
    # Snowball keeps the plural "s" after a vowel; we do not.
    assert analyze("numéros") == analyze("numéro")
    # Known and kept: accents folded, "marché" and "marche" are one word, and
    # Snowball merges coopérative with coopération (ranking puts the word typed first).
    assert analyze("marchés") == analyze("marche")
    assert analyze("coopératives") == analyze("coopération")


def test_the_word_typed_ranks_before_words_merged_with_it(lib):
    from rtes_desktop.core.models import Entry

    def entry(eid, title, body):
        return Entry("s", eid, "fiche", title, body, "2024-01-01", "2024-01-01T00:00:00Z", "x" * 64)

    lib.save_source("s", "Source")
    lib.replace_vocabulary("s", [{"id": "fiche", "label": "Fiche"}], [])
    lib.write_entry(
        entry("coop", "La coopération locale", "Coopération, coopération et coopération.")
    )
    lib.write_entry(entry("scic", "Guide", "Le parcours des coopératives du territoire."))
    lib.write_entry(
        entry("outil", "Comment utiliser la plateforme", "Utiliser, utiliser, utiliser.")
    )
    lib.write_entry(entry("guide", "Guide", "Le parcours des utilisateurs de la plateforme."))
    lib.write_entry(entry("marche", "La marche à suivre", "Marche à suivre pour candidater."))
    lib.write_entry(entry("achats", "Achats", "Les marchés publics réservés aux structures."))
    svc = SearchService(lib)
    assert [h.id for h in svc.search("cooperative").hits][:2] == ["scic", "coop"]
    assert [h.id for h in svc.search("utilisateur").hits] == ["guide"]
    # Accents folded, "marche" and "marchés" are one word; the context decides.
    assert [h.id for h in svc.search("marchés publics").hits][0] == "achats"
    svc.close()


def test_thesaurus_groups_and_theme_acronyms():
    th = Thesaurus([["SIEG", "service d'intérêt économique général"]])
    parsed = parse("SIEG", th)
    assert len(parsed.positive) == 1
    assert len(parsed.positive[0].alts) >= 2  # the acronym and its long form
    plural = parse("services d'interet economique generaux", th)
    assert len(plural.positive) == 1  # the four words became one clause
    with_themes = th.with_themes([("PTCE", "Pôles territoriaux de coopération économique")])
    assert len(parse("pole territorial de cooperation economique", with_themes).positive) == 1
    assert _acronym_definitions("Appels à projets (AAP), subventions") == [
        ("Appels à projets", "AAP")
    ]


def test_a_bad_thesaurus_file_gives_an_empty_thesaurus(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("groups: [[unclosed", encoding="utf-8")
    assert Thesaurus.load(bad).groups == []
    assert Thesaurus.load(tmp_path / "missing.yaml").groups == []


def test_query_syntax_is_parsed():
    parsed = parse('"appels à projets" -SIEG collectiv', Thesaurus())
    (phrase,) = [c for c in parsed.positive if c.alts[0].phrase]
    (word,) = [c for c in parsed.positive if not c.alts[0].phrase]
    assert phrase.alts[0].phrase and phrase.alts[0].stems == analyze("appels à projets")
    assert word.prefix == "collectiv"
    assert [c.words for c in parsed.negative] == [["sieg"]]
    # A trailing space means the last word is finished: no prefix.
    assert parse("collectiv ", Thesaurus()).positive[0].prefix is None


@pytest.fixture(scope="module")
def demo_service(demo_search):
    """The shared, read-only demo index (see tests/conftest.py)."""
    return demo_search[1]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "le la les de des",
        '"',
        '""',
        '-"',
        "-",
        "- - -",
        "x" * 10_000,
        "filière " * 2_000,
        "\x00\x01\x02\x1b[31m\x7f",
        "SIEG\x00ESUS",
        "*?[]{}()^~:+!\\/",
        "AND OR NOT",
        "<script>alert(1)</script>",
        "\ud800",
        "🙂 émoji",
    ],
)
def test_any_query_is_answered_without_error(demo_service, query):
    results = demo_service.search(query)
    assert results.total >= 0
    for hit in results.hits:
        assert "<script" not in hit.snippet


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80), st.sampled_from([None, "faq", "fiche"]), st.integers(-3, 5))
def test_random_queries_filters_and_pages_never_raise(demo_service, query, kind, page):
    results = demo_service.search(query, kind=kind, page=page, page_size=5)
    assert len(results.hits) <= 5
    for hit in results.hits:
        assert re.sub(r"</?b>", "", hit.snippet).count("<") == 0


def test_a_multi_text_field_analyses_each_text_and_keeps_phrases_apart():
    from rtes_desktop.core.search.analysis import PART_GAP, MultiText

    title, body = "Les appels", "à projets locaux"
    tokens = [
        (t.text, t.pos) for t in FrenchAnalyzer(False)(MultiText([title, body]), positions=True)
    ]
    assert [w for w, _ in tokens] == analyze(title, False) + analyze(body, False)
    # "appels" ends the first text, "projets" starts the second: not adjacent.
    assert tokens[1][1] - tokens[0][1] > PART_GAP - 1


def test_snippets_show_no_markdown_table_pipes_or_link_targets():
    """Issue 13: a result's snippet showed « | Statut | Activité | » and « |---| »."""
    from rtes_desktop.core.search.analysis import stem
    from rtes_desktop.core.search.snippets import snippet

    body = (
        "## Tableau\n\n| Statut | Activité | SIEG |\n|---|:---:|---|\n| SCIC | services | oui |\n\n"
        "- un point sur le **SIEG** et [le guide SIEG](https://example.org/x)\n> citation SIEG\n"
    )
    text = snippet([body], {stem("sieg")}, {"sieg"})
    assert "|" not in text and "---" not in text and "](" not in text and "**" not in text
    assert "- un" not in text and "&gt;" not in text
    assert "Statut · Activité · <b>SIEG</b> · SCIC" in text
    assert "le guide <b>SIEG</b> citation" in text
