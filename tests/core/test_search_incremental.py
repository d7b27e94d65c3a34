"""Index upkeep proportional to the change (issue 10, item 5): a catch-up
patches the snapshot instead of reloading it, and what it answers is what an
index rebuilt from scratch answers, whatever the sequence of notes, tags and
entry changes."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtes_desktop.core.errors import NotFound
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Entry
from rtes_desktop.core.search import SearchService

WORDS = [
    "filière", "coopérative", "zorglub", "marchés", "économie", "solidaire", "réseau",
    "numéros", "bretagne", "projet", "gouvernance", "territoire",
]  # fmt: skip
KINDS = ["fiche", "guide", "faq"]
QUERIES = ["", *WORDS, "filiere cooperative", "reseau -projet", '"economie solidaire"', "proj"]
N_ENTRIES = 8


def _entry(i: int, words: list[str], kind: str = "fiche") -> Entry:
    body = " ".join(words) or "texte"
    return Entry(
        source_id="s",
        id=f"e{i}",
        kind=kind,
        title=f"Entrée {i} {words[0] if words else ''}",
        body=body,
        published_at=f"20{10 + i % 10}-0{1 + i % 9}-15",
        updated_at="2024-01-01T00:00:00Z",
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        themes=["t1"] if i % 2 else ["t1", "t2"],
    )


def _library(folder: Path) -> Library:
    lib = Library.open(folder)
    with lib.transaction():
        lib.save_source("s", "Source")
        lib.replace_vocabulary(
            "s",
            [{"id": k, "label": k.capitalize()} for k in KINDS],
            [{"id": "t1", "label": "Thème un"}, {"id": "t2", "label": "Thème deux"}],
        )
        for i in range(N_ENTRIES):
            lib.write_entry(_entry(i, [WORDS[i % len(WORDS)], WORDS[(i * 5 + 1) % len(WORDS)]]))
    return lib


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)
entry_no = st.integers(0, N_ENTRIES + 2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("note"), entry_no, words),
        st.tuples(st.just("edit_note"), st.integers(0, 5), words),
        st.tuples(st.just("delete_note"), st.integers(0, 5)),
        st.tuples(st.just("tag"), entry_no, st.sampled_from(["à lire", "Zorglub", "réseau"])),
        st.tuples(st.just("untag"), entry_no, st.sampled_from(["à lire", "Zorglub", "réseau"])),
        st.tuples(st.just("entry"), entry_no, words, st.sampled_from(KINDS)),
        st.tuples(st.just("withdraw"), entry_no),
        st.tuples(
            st.just("catch_up"),
        ),
    ),
    min_size=1,
    max_size=12,
)


def _apply(lib: Library, op: tuple, notes: list[int]) -> None:
    kind, *args = op
    key = f"s:e{args[0]}" if kind in ("note", "tag", "untag") else None
    try:
        if kind == "note":
            notes.append(lib.add_note(key, " ".join(args[1])).id)
        elif kind == "edit_note" and notes:
            lib.update_note(notes[args[0] % len(notes)], " ".join(args[1]))
        elif kind == "delete_note" and notes:
            lib.delete_note(notes.pop(args[0] % len(notes)))
        elif kind == "tag":
            lib.add_tag(key, args[1])  # type: ignore[arg-type]
        elif kind == "untag":
            lib.remove_tag(key, args[1])  # type: ignore[arg-type]
        elif kind == "entry":
            with lib.transaction():
                lib.write_entry(_entry(args[0], args[1], args[2]))
        elif kind == "withdraw":
            live = {e.id for e in lib.entries(include_withdrawn=False)} - {f"e{args[0]}"}
            lib.withdraw_missing("s", live)
    except NotFound:
        pass  # a note or an entry that is not there: nothing changed


def _answers(svc: SearchService) -> list[tuple]:
    out = []
    for q in QUERIES:
        for tag in (None, "à lire"):
            r = svc.search(q, tag=tag, page_size=1000, snippets=0)
            out.append((q, tag, r.total, sorted(h.key for h in r.hits), r.facets, r.matched_any))
    return out


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(operations)
def test_incremental_catch_ups_answer_as_a_rebuilt_index(ops):
    with tempfile.TemporaryDirectory() as tmp:
        lib = _library(Path(tmp) / "data")
        svc = SearchService(lib)
        svc.ensure_ready()
        notes: list[int] = []
        try:
            for op in ops:
                if op[0] == "catch_up":
                    svc.catch_up()
                else:
                    _apply(lib, op, notes)
            svc.catch_up()
            ref = SearchService(lib, index_dir=Path(tmp) / "reference")
            ref.rebuild()
            try:
                assert _answers(svc) == _answers(ref)
                assert svc._snapshot.doc_count == ref._snapshot.doc_count
            finally:
                ref.close()
        finally:
            svc.close()
            lib.close()


def test_a_note_autosave_patches_the_snapshot_and_reads_only_the_new_segment(demo_lib):
    """The fast path really runs: after a note save the segments already held
    keep their readers (no reload of the library's documents), and the index
    has a small segment more, not a rewritten big one."""
    svc = SearchService(demo_lib)
    svc.ensure_ready()
    try:
        first_reader = svc._snapshot.leaves[0][0]
        maxdoc = svc._snapshot.maxdoc
        note = demo_lib.add_note("points-repere-ptce", "brouillon : quincunx")
        for text in ("brouillon : quincunx ouroboros", "version finale : ouroboros"):
            demo_lib.update_note(note.id, text)
            svc.catch_up()
            snap = svc._snapshot
            assert snap.leaves[0][0] is first_reader  # kept, not reopened
            assert snap.kept_docs == maxdoc  # the ranker kept every norm before it
            assert len(snap.leaves) == 2 and snap.maxdoc == maxdoc + 1
        assert [h.id for h in svc.search("ouroboros").hits] == ["points-repere-ptce"]
        assert svc.search("quincunx").total == 0
    finally:
        svc.close()


def test_a_patched_snapshot_and_a_fresh_open_agree(demo_lib, data_dir):
    """A second process opening the index the first one caught up (the command
    line after the window) finds the same entries with the same facets."""
    svc = SearchService(demo_lib)
    svc.ensure_ready()
    demo_lib.add_tag("faq-scic-participation-capital", "commission")
    note = demo_lib.add_note("points-repere-sieg", "SCIC et commission")
    demo_lib.update_note(note.id, "SCIC, commission, territoire")
    svc.catch_up()
    other = SearchService(demo_lib)
    try:
        assert _answers(svc) == _answers(other)
    finally:
        other.close()
        svc.close()
