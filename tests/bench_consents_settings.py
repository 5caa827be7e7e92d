"""Settings of `python -m tests.bench_consents`: the rights benchmark's, with the bench's URLs."""

from tests.bench_rights_settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench_consents_urls"
