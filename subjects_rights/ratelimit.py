"""Moved to ``pdp_portal.ratelimit`` (shared by every public form); this name stays for the code
that still imports it, and is the same module object (its counters and test switches are one)."""

import sys

from pdp_portal import ratelimit as _core

sys.modules[__name__] = _core
