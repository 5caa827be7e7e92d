#!/usr/bin/env python3
"""Run the processes of a Procfile and restart any that exits, with backoff; stop all on Ctrl-C.

`make run` used honcho, which stops every process as soon as one exits: a worker that died took
the web server down with it. Here a process that exits is started again after 1, 2, 4, ... up to
30 seconds (back to 1 once it has run for a minute), and the others never notice.

    scripts/supervise.py [-f Procfile.dev] [--status FILE]

``--status`` keeps a JSON file up to date with each process's pid, starts and last exit code
(scripts/soak_embedded.py reads it to tell whether the web server was ever restarted).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
# A process that ran this long was healthy: its next failure starts the backoff from the bottom.
STABLE_AFTER = 60.0
STOP_GRACE = 10.0


def read_procfile(path: str) -> dict[str, str]:
    """Return {name: command} of a Procfile, in order."""
    processes = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


class Supervisor:
    def __init__(self, processes: dict[str, str], status_path: str | None = None):
        self.processes = processes
        self.status_path = status_path
        self.width = max(len(n) for n in processes)
        self.children: dict[str, subprocess.Popen] = {}
        self.state = {
            name: {"pid": None, "starts": 0, "last_exit": None, "running": False}
            for name in processes
        }
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def say(self, name: str, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        sys.stdout.write(f"{stamp} {name.ljust(self.width)} | {text}\n")
        sys.stdout.flush()

    def write_status(self) -> None:
        if not self.status_path:
            return
        temp = f"{self.status_path}.tmp"
        with open(temp, "w", encoding="utf-8") as f:
            json.dump({"supervisor_pid": os.getpid(), "processes": self.state}, f)
        os.replace(temp, self.status_path)

    def start(self, name: str) -> subprocess.Popen:
        # Its own process group: a stop reaches the worker's pool children and runserver's
        # reloader too, and a kill of one group leaves the others alone.
        child = subprocess.Popen(
            ["/bin/sh", "-c", f"exec {self.processes[name]}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        with self.lock:
            self.children[name] = child
            entry = self.state[name]
            entry.update(pid=child.pid, running=True, starts=entry["starts"] + 1)
            self.write_status()
        self.say("supervise", f"{name} started (pid {child.pid})")
        threading.Thread(target=self.pump, args=(name, child), daemon=True).start()
        return child

    def pump(self, name: str, child: subprocess.Popen) -> None:
        for raw in child.stdout:
            self.say(name, raw.decode("utf-8", "replace").rstrip("\n"))

    def watch(self, name: str) -> None:
        """Keep one process running until the supervisor stops."""
        delay = BACKOFF_FIRST
        while not self.stopping.is_set():
            started = time.monotonic()
            child = self.start(name)
            code = child.wait()
            with self.lock:
                self.state[name].update(running=False, last_exit=code)
                self.write_status()
            if self.stopping.is_set():
                return
            if time.monotonic() - started > STABLE_AFTER:
                delay = BACKOFF_FIRST
            self.say("supervise", f"{name} exited with {code}; starting it again in {delay:g} s")
            if self.stopping.wait(delay):
                return
            delay = min(delay * 2, BACKOFF_MAX)

    def stop(self, *_args) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.say("supervise", "stopping every process")
        with self.lock:
            children = list(self.children.items())
        for _name, child in children:
            if child.poll() is None:
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + STOP_GRACE
        for _name, child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        watchers = [
            threading.Thread(target=self.watch, args=(name,), daemon=True)
            for name in self.processes
        ]
        for watcher in watchers:
            watcher.start()
        while not self.stopping.is_set():
            self.stopping.wait(0.5)
        for watcher in watchers:
            watcher.join(STOP_GRACE + 5)
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--procfile", default="Procfile.dev")
    parser.add_argument("--status", help="JSON file kept up to date with each process's state")
    args = parser.parse_args()
    return Supervisor(read_procfile(args.procfile), args.status).run()


if __name__ == "__main__":
    sys.exit(main())
