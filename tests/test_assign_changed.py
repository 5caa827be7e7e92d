"""Setting a service's fields on a row and knowing which of them changed (what the audit records)."""

from types import SimpleNamespace

from pdp_portal.workflow import assign_changed


def test_it_sets_the_values_and_names_only_those_that_changed():
    row = SimpleNamespace(name="Công ty A", country="VN", note="")

    changed = assign_changed(row, {"name": "Công ty A", "country": "SG", "note": "mới"})

    assert changed == ["country", "note"]
    assert (row.name, row.country, row.note) == ("Công ty A", "SG", "mới")


def test_nothing_changed_is_an_empty_list():
    row = SimpleNamespace(name="Công ty A")

    assert assign_changed(row, {"name": "Công ty A"}) == []


def test_a_relation_the_new_row_lacks_counts_as_none():
    row = SimpleNamespace()

    assert assign_changed(row, {"recipient": None, "activity": 7}) == ["activity"]
    assert row.activity == 7
