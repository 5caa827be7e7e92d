"""The embedded default's broker (pdp_portal/broker.py): a bad message costs itself, not the worker."""

import json
import os

import pytest
from kombu import Connection

TRANSPORT = "pdp_portal.broker:Transport"


@pytest.fixture(autouse=True)
def _fresh_broker_state():
    # kombu keeps the filesystem transport's bindings in one process-wide state: a binding made
    # for another test's folders would make this test's messages go nowhere.
    from kombu.transport.filesystem import Transport

    Transport.global_state.clear()
    yield
    Transport.global_state.clear()


def _connection(tmp_path, transport=TRANSPORT):
    folders = {name: tmp_path / name for name in ("queue", "processed", "control", "bad")}
    for folder in folders.values():
        folder.mkdir(exist_ok=True)
    return Connection(
        "filesystem://",
        transport=transport,
        transport_options={
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
            "bad_folder": str(folders["bad"]),
            "store_processed": False,
        },
    )


def _half_written(tmp_path, queue="celery"):
    # Sorted first, as the message beat was still writing when the worker polled.
    path = tmp_path / "queue" / f"0_half.{queue}.msg"
    path.write_bytes(b'{"body": "eyJ0YXNrIjogImNsb2')
    return path


def test_a_half_written_message_is_set_aside_and_the_next_one_still_arrives(tmp_path, caplog):
    with _connection(tmp_path) as connection:
        queue = connection.SimpleQueue("celery")
        queue.put({"task": "clock.sweep"})
        half = _half_written(tmp_path)
        assert queue.get(timeout=2).payload == {"task": "clock.sweep"}
        queue.close()
    assert not half.exists()
    assert (tmp_path / "bad" / half.name).exists()
    assert "does not parse" in caplog.text


def test_kombus_own_transport_dies_on_the_same_file(tmp_path):
    # What the embedded default did before: the worker's loop ends on this error.
    with _connection(tmp_path, transport="filesystem") as connection:
        queue = connection.SimpleQueue("celery")
        queue.put({"task": "clock.sweep"})
        _half_written(tmp_path)
        with pytest.raises(json.JSONDecodeError):
            queue.get(timeout=2)
        queue.close()


def test_a_message_is_never_visible_under_its_final_name_before_it_is_whole(tmp_path, monkeypatch):
    seen = []
    real_open = open

    def spying_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        if "w" in mode:
            # While the body is being written, no file a reader looks for may exist yet.
            seen.append([n for n in os.listdir(tmp_path / "queue") if n.endswith(".msg")])
        return handle

    with _connection(tmp_path) as connection:
        queue = connection.SimpleQueue("celery")
        monkeypatch.setattr("builtins.open", spying_open)
        queue.put({"task": "notices.relay"})
        monkeypatch.undo()
        assert seen == [[]]
        assert queue.get(timeout=2).payload == {"task": "notices.relay"}
        queue.close()
