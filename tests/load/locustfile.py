"""The load test's users (Locust), run by tests/load/run.py against the balancer on 127.0.0.1.

- A data subject opens an organisation's public form, posts it (one in ten posts it twice, as a
  double click or a retry would) and sees the "sent" page.
- A DPO signs in through the real login and TOTP step once, then browses the inbox, its other
  pages and request details, and the dashboard.
- An API client (token) lists requests, reads one, lists deadlines.

Every name starts with its group ("form:", "inbox:", "api:", "login:"); the driver reports each
group. LOAD_FIXTURE names the JSON file the driver wrote (organisations, accounts, token); at the
end the stats and the idempotency keys of accepted posts are written to the file it names.
"""

import hashlib
import hmac
import itertools
import json
import math
import os
import random
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
GROUPS = ("form", "inbox", "api", "login")
PERCENTILES = {"p50": 0.50, "p95": 0.95, "p99": 0.99}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]*)"')
DETAIL_LINK = re.compile(r'href="/requests/(\d+)/"')
DOUBLE_POST_SHARE = 0.1

# Shared by every simulated user of this (single) Locust process.
accepted_keys: set[str] = set()
repeated_posts = itertools.count()
numbers = itertools.count()
accounts = itertools.cycle(FIXTURE["dpos"])


def totp(key_hex: str, at: float | None = None) -> str:
    """Return the RFC 6238 code (SHA-1, 30 s, 6 digits) an authenticator app would show."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _csrf(response) -> str:
    match = CSRF.search(response.text)
    return match.group(1) if match else ""


class DataSubject(HttpUser):
    weight = 6
    wait_time = between(1, 3)

    @task
    def file_a_request(self):
        slug = random.choice(FIXTURE["slugs"])
        path = f"/r/{slug}/"
        with self.client.get(path, name="form: GET /r/[slug]/", catch_response=True) as page:
            key = IDEMPOTENCY.search(page.text) if page.status_code == 200 else None
            if key is None:
                page.failure(f"no form ({page.status_code})")
                return
        n = next(numbers)
        fields = {
            "csrfmiddlewaretoken": _csrf(page),
            "idempotency_key": key.group(1),
            "request_type": random.choice(["access", "rectify", "erase", "copy", "object"]),
            "full_name": "Nguyễn Thị Thu Hà",
            "email": f"subject-{FIXTURE['run']}-{n}@example.vn",
            "phone": "",
            "relationship": "customer",
            "description": "Cho tôi xem dữ liệu cá nhân của tôi mà công ty đang lưu giữ.",
            "website": "",
        }
        posts = 2 if random.random() < DOUBLE_POST_SHARE else 1
        for attempt in range(posts):
            with self.client.post(
                path,
                data=fields,
                headers={"Referer": self.host + path},
                allow_redirects=False,
                name="form: POST /r/[slug]/",
                catch_response=True,
            ) as answer:
                if answer.status_code == 302 and "/sent/" in answer.headers.get("Location", ""):
                    accepted_keys.add(fields["idempotency_key"])
                    if attempt:
                        next(repeated_posts)
                else:
                    answer.failure(f"not filed ({answer.status_code})")
                    return
        self.client.get(f"{path}sent/", name="form: GET /r/[slug]/sent/")


class DPO(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.request_ids: list[str] = []
        account = next(accounts)
        login = self.client.get("/accounts/login/", name="login: GET /accounts/login/")
        answer = self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": _csrf(login),
                "username": account["username"],
                "password": account["password"],
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login: POST /accounts/login/",
        )
        # The password step leads to the second factor, whose page posts to itself.
        with self.client.post(
            answer.url.removeprefix(self.host),
            data={"csrfmiddlewaretoken": _csrf(answer), "token": totp(account["totp_key"])},
            headers={"Referer": answer.url},
            name="login: POST /accounts/two-factor/",
            catch_response=True,
        ) as verified:
            if "/accounts/" in verified.url or verified.status_code != 200:
                verified.failure(f"two-factor step failed ({verified.status_code} {verified.url})")

    def _page(self, path: str, name: str):
        """GET a staff page; a redirect to the login or the second factor is a failure."""
        with self.client.get(path, name=f"inbox: GET {name}", catch_response=True) as response:
            if response.ok and "/accounts/" in response.url:
                response.failure(f"signed out ({response.url})")
        return response

    def _remember_ids(self, response):
        found = DETAIL_LINK.findall(response.text)
        if found:
            self.request_ids = found[:50]

    @task(4)
    def inbox(self):
        self._remember_ids(self._page("/requests/", "/requests/"))

    @task(1)
    def every_request(self):
        page = random.randint(1, 3)
        path = f"/requests/?status=all&page={page}"
        self._remember_ids(self._page(path, "/requests/?status=all&page=N"))

    @task(4)
    def detail(self):
        if self.request_ids:
            self._page(f"/requests/{random.choice(self.request_ids)}/", "/requests/[id]/")

    @task(1)
    def dashboard(self):
        self._page("/", "/")


class ApiClient(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update(
            {"Authorization": f"Token {FIXTURE['api_token']}", "Accept": "application/json"}
        )
        self.request_ids: list[int] = []
        self.pages = 1

    @task(3)
    def list_requests(self):
        response = self.client.get("/api/v1/rights-requests/", name="api: GET rights-requests/")
        if response.ok:
            body = response.json()
            self.request_ids = [row["id"] for row in body["results"]] or self.request_ids
            self.pages = max(1, math.ceil(body["count"] / len(body["results"] or [None])))

    @task(1)
    def list_a_page(self):
        self.client.get(
            f"/api/v1/rights-requests/?page={random.randint(1, self.pages)}",
            name="api: GET rights-requests/?page=N",
        )

    @task(3)
    def read_request(self):
        if self.request_ids:
            pk = random.choice(self.request_ids)
            self.client.get(f"/api/v1/rights-requests/{pk}/", name="api: GET rights-requests/[id]/")

    @task(1)
    def deadlines(self):
        self.client.get("/api/v1/deadlines/", name="api: GET deadlines/")


def _figures(entry: StatsEntry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.total_rps, 2),
        **{name: entry.get_response_time_percentile(p) for name, p in PERCENTILES.items()},
        "max": round(entry.max_response_time or 0),
    }


@events.test_stop.add_listener
def write_result(environment, **_kwargs):
    """Write every endpoint's and every group's figures, the failures and the accepted keys."""
    stats = environment.stats
    entries = list(stats.entries.values())
    groups = {}
    for group in GROUPS:
        merged = StatsEntry(stats, group, "")
        for entry in entries:
            if entry.name.startswith(f"{group}:"):
                merged.extend(entry)
        groups[group] = _figures(merged)
    result = {
        "endpoints": {f"{e.method} {e.name}": _figures(e) for e in entries},
        "groups": groups,
        "total": _figures(stats.total),
        "failures": [
            {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
        "accepted_keys": sorted(accepted_keys),
        "repeated_posts": next(repeated_posts),
    }
    Path(FIXTURE["result_path"]).write_text(json.dumps(result, indent=1))
