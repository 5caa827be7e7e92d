"""Small steps every service shares: setting the fields it is given, checking a move."""

from types import SimpleNamespace

from pdp_portal.workflow import assign_changed, move_allowed


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


def test_a_move_is_allowed_by_the_status_table_or_an_actions_table():
    transitions = {"open": {"met", "cancelled"}, "met": set()}
    actions = {"extend": {"open"}}

    assert move_allowed("open", "met", transitions=transitions, actions=actions)
    assert not move_allowed("met", "cancelled", transitions=transitions, actions=actions)
    assert move_allowed("open", "extend", transitions=transitions, actions=actions)
    assert not move_allowed("met", "extend", transitions=transitions, actions=actions)
