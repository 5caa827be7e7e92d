"""Settings of the portal under the load test (`python -m tests.load.run`): production's, on loopback.

The driver runs every process with DEBUG=0, so pdp_portal.settings applies production's settings
(no query log, no debug pages, the security headers). What differs, and why:
- the load test speaks plain HTTP to the balancer on 127.0.0.1 (there is no TLS proxy in front), so
  there is no redirect to HTTPS and the cookies are not marked Secure (the client would not send
  them back over http);
- static files are served from the source folders (no collectstatic step): the load test asks for
  pages, never for a static file;
- every simulated data subject comes from 127.0.0.1, so the per-address limit of the public form
  (a portal policy) is raised; the per-e-mail limit stays (each submission has its own address).
"""

from pdp_portal.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
RIGHTS_RATE_LIMIT_PER_IP = 1_000_000_000
