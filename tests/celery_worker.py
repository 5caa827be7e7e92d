"""The command line of a real Celery worker of the portal, for the tests that start one."""

import sys


def celery_worker_command(queues: str, *extra: str) -> list[str]:
    """Return the command of one worker process (prefork) consuming ``queues`` ("celery,pdf")."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "pdp_portal",
        "worker",
        "--loglevel",
        "INFO",
        "--queues",
        queues,
        "--concurrency",
        "1",
        "--pool",
        "prefork",
        "--without-gossip",
        "--without-mingle",
        *extra,
    ]
