"""The notes and tags shown on a results page are read for that page's
entries only (Library.note_counts / tagged_keys with keys), not for the whole
library on every search."""

from __future__ import annotations


def test_note_counts_and_tags_of_given_entries_only(demo_lib):
    a, b, c = (e.key for e in demo_lib.entries()[:3])
    demo_lib.add_note(a, "une")
    demo_lib.add_note(a, "deux")
    demo_lib.add_note(b, "trois")
    demo_lib.add_note(None, "libre")  # a free-standing note marks no entry
    demo_lib.add_tag(a, "à relire")
    demo_lib.add_tag(a, "Bretagne")
    demo_lib.add_tag(c, "à relire")
    key = {k: tuple(k.split(":", 1)) for k in (a, b, c)}

    assert demo_lib.note_counts([key[a], key[c]]) == {key[a]: 2}
    assert demo_lib.tagged_keys([key[b], key[c]]) == {key[c]: ["à relire"]}
    assert demo_lib.tagged_keys([key[a]]) == {key[a]: ["Bretagne", "à relire"]}
    # Without keys, everything (as before); more keys than one SQL statement takes.
    assert demo_lib.note_counts() == {key[a]: 2, key[b]: 1}
    many = [("s", f"e{i}") for i in range(1000)] + [key[b]]
    assert demo_lib.note_counts(many) == {key[b]: 1}
    assert demo_lib.tagged_keys(many + [key[a]]) == {key[a]: ["Bretagne", "à relire"]}
