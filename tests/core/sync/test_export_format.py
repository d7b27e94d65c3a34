"""manifest.json, manifest.json.sig and entry documents: values or BadInput, never
another exception (Hypothesis feeds them anything)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.export_format import (
    Limits,
    dump_json,
    parse_entry,
    parse_manifest,
    parse_page_text,
    parse_rfc3339,
    parse_signature,
)

SHA = "ab" * 32

GOOD_MANIFEST = {
    "format": "rtes-export",
    "format_version": 1,
    "source": {"id": "rtes", "name": "RTES", "homepage": "https://www.rtes.fr"},
    "serial": 42,
    "generated_at": "2026-11-28T10:00:00Z",
    "expires_at": "2027-02-28T10:00:00Z",
    "kinds": [{"id": "guide", "label": "Guide"}, {"id": "faq", "label": "Question juridique"}],
    "themes": [
        {"id": "sieg", "label": "SIEG", "description": "Services d'intérêt économique général"}
    ],
    "entries": [
        {
            "id": "points-repere-12-esus",
            "sha256": SHA,
            "size": 5120,
            "updated_at": "2025-03-01T09:00:00Z",
        }
    ],
}

GOOD_ENTRY = {
    "id": "points-repere-12-esus",
    "kind": "guide",
    "title": "L'agrément ESUS",
    "summary": "Un paragraphe.",
    "body": "## Titre\n\nTexte **gras**.",
    "themes": ["sieg"],
    "published_at": "2024-06-10",
    "updated_at": "2024-06-10T09:00:00+02:00",
    "lang": "fr-FR",
    "region": "Bretagne",
    "audience": "members",
    "authors": ["RTES"],
    "source_url": "https://www.rtes.fr/x",
    "related": ["faq-1"],
    "attachments": [
        {"name": "fiche.pdf", "media_type": "application/pdf", "sha256": SHA, "size": 10}
    ],
}


def raw(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def with_(base, **changes):
    data = json.loads(json.dumps(base))
    for key, value in changes.items():
        if value is ...:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_spec_example_manifest_parses():
    m = parse_manifest(raw(GOOD_MANIFEST))
    assert m.source.id == "rtes" and m.serial == 42 and m.format_version == 1
    assert m.entries[0].size == 5120 and m.total_size == 5120
    assert m.themes[0]["description"].startswith("Services")
    assert not m.is_expired(parse_rfc3339("2027-01-01T00:00:00Z"))
    assert m.is_expired(parse_rfc3339("2027-03-01T00:00:00Z"))


def test_unknown_fields_ignored():
    data = with_(GOOD_MANIFEST, futur={"a": [1]})
    data["entries"][0]["autre"] = True
    assert parse_manifest(raw(data)).serial == 42


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"format_version": 2}, "mettez l'application à jour"),
        ({"format_version": "1"}, "format_version"),
        ({"format": "autre"}, "ce n'est pas un export"),
        ({"serial": -1}, "serial"),
        ({"serial": True}, "serial"),
        ({"serial": 1.5}, "serial"),
        ({"source": {"id": "Majuscules", "name": "x"}}, "source.id"),
        ({"source": {"id": "ok"}}, "source.name"),
        ({"entries": "non"}, "entries"),
        ({"entries": [{"id": "a", "sha256": "AB" * 32, "size": 3}]}, "sha256"),
        (
            {
                "entries": [
                    {"id": "a", "sha256": SHA, "size": 3},
                    {"id": "a", "sha256": SHA, "size": 3},
                ]
            },
            "deux fois",
        ),
        ({"entries": [{"id": "../x", "sha256": SHA, "size": 3}]}, "entries[0].id"),
        ({"generated_at": "hier"}, "RFC 3339"),
        ({"kinds": [{"id": "a"}]}, "kinds[0].label"),
        ({"themes": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}, "deux fois"),
    ],
)
def test_manifest_refusals_name_file_and_reason(changes, expected):
    with pytest.raises(BadInput) as err:
        parse_manifest(raw(with_(GOOD_MANIFEST, **changes)))
    assert str(err.value).startswith("manifest.json : ")
    assert expected in str(err.value)


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "JSON invalide"),
        (b"\xff\xfe", "UTF-8"),
        (b"[" * 100_000, "JSON invalide"),
        (b'{"a": NaN}', "JSON invalide"),
        (b"1" * 5000, "JSON invalide"),
        (b"[]", "objet JSON"),
    ],
)
def test_manifest_malformed_bytes(data, expected):
    with pytest.raises(BadInput) as err:
        parse_manifest(data)
    assert expected in str(err.value)


def test_manifest_limits():
    with pytest.raises(BadInput, match="trop gros"):
        parse_manifest(raw(GOOD_MANIFEST), Limits(manifest_bytes=100))
    many = with_(
        GOOD_MANIFEST, entries=[{"id": f"e{i}", "sha256": SHA, "size": 10} for i in range(5)]
    )
    with pytest.raises(BadInput, match="trop d'entrées"):
        parse_manifest(raw(many), Limits(entries=4))
    with pytest.raises(BadInput, match="trop volumineux"):
        parse_manifest(raw(many), Limits(total_bytes=49))
    with pytest.raises(BadInput, match="trop grand"):
        parse_manifest(raw(GOOD_MANIFEST), Limits(entry_bytes=5000))


def test_entry_parses_every_field():
    e = parse_entry(
        raw(GOOD_ENTRY),
        source_id="rtes",
        sha256=SHA,
        expected_id="points-repere-12-esus",
        kinds={"guide"},
        themes={"sieg"},
    )
    assert (e.source_id, e.id, e.kind, e.audience, e.lang, e.region) == (
        "rtes",
        "points-repere-12-esus",
        "guide",
        "members",
        "fr-FR",
        "Bretagne",
    )
    assert e.attachments[0].name == "fiche.pdf" and e.sha256 == SHA
    minimal = {
        k: GOOD_ENTRY[k]
        for k in ("id", "kind", "title", "body", "themes", "published_at", "updated_at")
    }
    m = parse_entry(raw(minimal), source_id="rtes", sha256=SHA)
    assert m.lang == "fr" and m.audience == "public" and m.attachments == [] and m.summary is None


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"id": "autre"}, "le manifeste annonce"),
        ({"title": ...}, "« title » manquant"),
        ({"body": 3}, "« body » doit être un texte"),
        ({"themes": ...}, "« themes » manquant"),
        ({"themes": ["inconnu"]}, "non déclarés"),
        ({"kind": "fiche"}, "n'est pas un type déclaré"),
        ({"published_at": "2024-13-45"}, "AAAA-MM-JJ"),
        ({"updated_at": "2024-06-10"}, "RFC 3339"),
        ({"audience": "tous"}, "public"),
        ({"source_url": "javascript:alert(1)"}, "https"),
        ({"lang": "français!"}, "BCP 47"),
        ({"related": ["Pas Un Id"]}, "related"),
        (
            {
                "attachments": [
                    {"name": "../../x", "media_type": "application/pdf", "sha256": SHA, "size": 1}
                ]
            },
            "nom de fichier",
        ),
        (
            {"attachments": [{"name": "a.pdf", "media_type": "pdf", "sha256": SHA, "size": 1}]},
            "type de média",
        ),
        (
            {
                "attachments": [
                    {"name": "a.pdf", "media_type": "application/pdf", "sha256": SHA, "size": -1}
                ]
            },
            "size",
        ),
    ],
)
def test_entry_refusals_name_object_and_reason(changes, expected):
    with pytest.raises(BadInput) as err:
        parse_entry(
            raw(with_(GOOD_ENTRY, **changes)),
            source_id="rtes",
            sha256=SHA,
            expected_id="points-repere-12-esus",
            kinds={"guide"},
            themes={"sieg"},
        )
    assert str(err.value).startswith(f"objects/ab/{SHA} : ")
    assert expected in str(err.value)


def test_signature_document():
    good = {"key_id": "0123456789abcdef", "signature": base64.b64encode(bytes(64)).decode()}
    assert parse_signature(raw(good)).signature == bytes(64)
    for bad, expected in [
        ({**good, "key_id": "XYZ"}, "key_id"),
        ({**good, "signature": "!!!"}, "base64"),
        ({**good, "signature": base64.b64encode(bytes(10)).decode()}, "64 octets"),
        ({"key_id": good["key_id"]}, "signature"),
    ]:
        with pytest.raises(BadInput) as err:
            parse_signature(raw(bad))
        assert str(err.value).startswith("manifest.json.sig : ") and expected in str(err.value)


def test_dump_json_is_canonical():
    assert (
        dump_json({"b": 1, "a": "é"})
        == dump_json({"a": "é", "b": 1})
        == '{"a":"é","b":1}\n'.encode()
    )


# -- property tests -----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def mutated(base: dict):
    """Documents close to a valid one: some fields dropped, replaced or added."""
    keys = sorted(base)
    return st.builds(
        lambda drop, repl, extra: {
            **{k: v for k, v in base.items() if k not in drop},
            **repl,
            **extra,
        },
        st.sets(st.sampled_from(keys)),
        st.dictionaries(st.sampled_from(keys), json_values, max_size=3),
        st.dictionaries(st.text(max_size=8), json_values, max_size=2),
    )


def entry_dicts():
    entries = st.lists(st.one_of(mutated(GOOD_MANIFEST["entries"][0]), json_values), max_size=3)
    return mutated(GOOD_MANIFEST).flatmap(
        lambda m: entries.map(lambda es: {**m, "entries": es} if "entries" in m else m)
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), json_values.map(raw), entry_dicts().map(raw)))
def test_manifest_parser_gives_a_value_or_badinput(data):
    try:
        m = parse_manifest(data)
    except BadInput as exc:
        assert str(exc).startswith("manifest.json : ")
    else:
        assert m.format_version == 1 and m.serial >= 0


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), json_values.map(raw), mutated(GOOD_ENTRY).map(raw)))
def test_entry_parser_gives_a_value_or_badinput(data):
    try:
        e = parse_entry(data, source_id="rtes", sha256=SHA, kinds={"guide"}, themes={"sieg"})
    except BadInput as exc:
        assert str(exc).startswith(f"objects/ab/{SHA} : ")
    else:
        assert e.kind == "guide" and e.title


@settings(max_examples=200)
@given(st.one_of(st.binary(max_size=120), json_values.map(raw)))
def test_signature_parser_gives_a_value_or_badinput(data):
    try:
        parse_signature(data)
    except BadInput as exc:
        assert str(exc).startswith("manifest.json.sig : ")


GOOD_TEXT = {"format": "rtes-pdf-text", "pages": ["Page un.", "", "Page trois."]}


def test_page_text_object_and_the_attachment_fields():
    assert parse_page_text(raw(GOOD_TEXT), sha256=SHA) == ["Page un.", "", "Page trois."]
    with_text = dict(GOOD_ENTRY["attachments"][0], text_sha256=SHA, text_size=120)
    entry = parse_entry(
        raw(with_(GOOD_ENTRY, attachments=[with_text])), source_id="rtes", sha256=SHA
    )
    assert entry.attachments[0].text_sha256 == SHA and entry.attachments[0].text_size == 120
    for bad in ({"text_sha256": "zz", "text_size": 5}, {"text_sha256": SHA}):
        doc = with_(GOOD_ENTRY, attachments=[dict(GOOD_ENTRY["attachments"][0], **bad)])
        with pytest.raises(BadInput, match="text_"):
            parse_entry(raw(doc), source_id="rtes", sha256=SHA)
    with pytest.raises(BadInput, match="format"):
        parse_page_text(raw({"format": "autre", "pages": []}), sha256=SHA)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), json_values.map(raw), mutated(GOOD_TEXT).map(raw)))
def test_page_text_parser_gives_pages_or_badinput(data):
    try:
        pages = parse_page_text(data, sha256=SHA)
    except BadInput as exc:
        assert str(exc).startswith(f"objects/ab/{SHA} : ")
    else:
        assert all(isinstance(p, str) for p in pages)
