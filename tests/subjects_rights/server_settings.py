"""Settings of the portal that gunicorn serves in the burst test: the product's, one limit wider.

Every client of the test comes from 127.0.0.1, so the per-address limit (a portal policy, not a
statutory rule) is raised for this server only. The per-e-mail limit and the honeypot stay as
they are.
"""

from pdp_portal.settings import *  # noqa: F403

RIGHTS_RATE_LIMIT_PER_IP = 1_000_000
