"""`make run`'s embedded default stays up: a short run of scripts/soak_embedded.py."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.embedded
def test_the_web_server_stays_up_while_the_worker_is_killed_and_comes_back(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "scripts/soak_embedded.py",
            "--duration=75",
            "--kill-worker-at=20",
            "--bad-message-at=35",
            f"--var-dir={tmp_path / 'var'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
    )
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["errors"] == [], result.stdout + result.stderr
    assert report["processes"]["web"]["starts"] == 1 and report["web_restarted"] is False
    # Killed once, started again by the supervisor, and answering.
    assert report["processes"]["worker"]["starts"] == 2 and report["worker_answers"]
    assert report["bad_message_set_aside"]
    assert report["requests"] > 30 and result.returncode == 0
