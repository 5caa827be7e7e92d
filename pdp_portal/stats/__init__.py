"""Statistics pages for organisations and for the agency; apps add figures from ``<app>/stats.py``."""
