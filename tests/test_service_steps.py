"""Small steps every service shares: setting the fields it is given, checking a move."""

from types import SimpleNamespace

from pdp_portal.workflow import assign_changed, move_allowed, save_fields


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


class _Row:
    """A model row as ``save_fields`` sees it: its concrete fields and ``save(update_fields)``."""

    def __init__(self, *names):
        self._meta = SimpleNamespace(concrete_fields=[SimpleNamespace(name=n) for n in names])
        self.saved = None

    def save(self, update_fields):
        self.saved = update_fields


def test_save_fields_sets_and_saves_only_the_values_and_the_row_s_updated_at():
    row = _Row("id", "status", "closed_at", "note", "updated_at")

    save_fields(row, status="closed", closed_at="2026-01-02")

    assert (row.status, row.closed_at) == ("closed", "2026-01-02")
    assert row.saved == ["status", "closed_at", "updated_at"]


def test_save_fields_names_no_updated_at_on_a_row_that_keeps_none():
    row = _Row("id", "status", "accepted_at")

    save_fields(row, status="accepted", accepted_at="2026-01-02")

    assert row.saved == ["status", "accepted_at"]
