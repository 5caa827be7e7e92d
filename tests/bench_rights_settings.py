"""Settings of the portal under `python -m tests.bench_rights`: the product's, plus one bench view.

Both endpoints of the throughput comparison (the public form and a minimal view that inserts one
row) are served by the same gunicorn with these same settings. DEBUG is off so that neither pays
for Django's query log. Every client of the benchmark comes from 127.0.0.1, so the per-address
limit (a portal policy) is raised; the per-e-mail limit stays (each submission has its own address).
"""

from pdp_portal.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "tests.bench_rights_urls"
RIGHTS_RATE_LIMIT_PER_IP = 1_000_000_000
