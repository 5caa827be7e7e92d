#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdp_portal.settings")
    # With neither a secret key nor a database configured, this is a local checkout on the
    # embedded default (what `make run` uses): run as development. A deployment sets both, and
    # then a missing SECRET_KEY is still refused (the web server, wsgi.py, never defaults).
    if not os.environ.get("SECRET_KEY") and not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
