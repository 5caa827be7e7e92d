"""What the throughput and page benchmarks measure alike: client threads driving a server for a
fixed time with the CPU each program spent meanwhile, and a page's queries and rendering times."""

import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def cpu_by_program() -> dict[str, float]:
    """CPU seconds used so far by every process on the machine, summed by program name.

    This process (the clients) is counted apart from the other Python programs (gunicorn)."""
    ticks = os.sysconf("SC_CLK_TCK")
    me = str(os.getpid())
    used: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        name = "clients" if entry.name == me else stat[stat.index("(") + 1 : stat.rindex(")")]
        name = name.split("/")[0]  # kworker/u8:2-flush-254:0 -> kworker
        fields = stat[stat.rindex(")") + 2 :].split()
        used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    # The machine as a whole: what no process is charged with (the kernel's own work) shows here.
    busy = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    used[" machine"] = (sum(busy) - busy[3] - busy[4]) / ticks
    return used


def cpu_per_answer(before: dict, after: dict, answers: int) -> str:
    """The busiest programs' CPU milliseconds per answer between two readings."""
    spent = {name: after[name] - before.get(name, 0.0) for name in after}
    top = sorted(((v, k) for k, v in spent.items() if v > 0), reverse=True)[:5]
    return ", ".join(f"{name.strip()} {1000 * v / max(answers, 1):.1f}" for v, name in top)


def drive(
    send, seconds: float, clients: int, ok: tuple[int, ...], *, per_call: int = 1, per_answer=True
):
    """Call ``send()`` (it returns an HTTP status) from ``clients`` threads for ``seconds``.

    A call answered with a status in ``ok`` counts ``per_call`` answers. Return (answers per
    second, {status: calls} of the others, the busiest programs' CPU milliseconds: per answer, or
    in all with ``per_answer=False``)."""
    counts = {"ok": 0, "bad": {}}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            status = send()
            with lock:
                if status in ok:
                    counts["ok"] += per_call
                else:
                    counts["bad"][status] = counts["bad"].get(status, 0) + 1

    began, cpu_before = time.monotonic(), cpu_by_program()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    elapsed = time.monotonic() - began
    answers = counts["ok"] if per_answer else 1
    return (
        counts["ok"] / elapsed,
        counts["bad"],
        cpu_per_answer(cpu_before, cpu_by_program(), answers),
    )


def page_figures(client, path: str, renders: int):
    """Return (queries, median ms, p95 ms, response) of the page at ``path``.

    A first request warms the template and connection caches, the second counts the queries and
    gives the response, ``renders`` more are timed."""
    from django.db import connection

    response = client.get(path)
    assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    times = []
    for _ in range(renders):
        began = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return len(queries), statistics.median(times), p95, response


def start_gunicorn(workdir: Path, settings_module: str, workers: int):
    """Start gunicorn with ``settings_module`` on the benchmark's DATABASE_URL and REDIS_URL."""
    from tests.subjects_rights.servers import Gunicorn, server_env

    env = server_env(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ["REDIS_URL"],
        var_dir=workdir / "var",
        DJANGO_SETTINGS_MODULE=settings_module,
    )
    return Gunicorn(workdir, env, workers=workers).start()


def rounds_in_turn(sides, rounds: int):
    """Yield (round, the sides in this round's order): every side in every round, in a turning
    order, so that a burst of load from elsewhere on the machine falls on any side alike."""
    order = list(sides)
    for round_ in range(rounds):
        turn = round_ % len(order)
        yield round_, order[turn:] + order[:turn]
