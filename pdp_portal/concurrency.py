"""Rows that another request changed or deleted between a page's read and the service's lock.

A service re-reads the row it changes under its lock (``select_for_update``). If another request
deleted it since the caller read it, the move is refused with a message that says so (409 in the
API, a message on the page), never a server error, and never a save that would put a deleted row
back (Django's ``save()`` inserts a row its UPDATE did not find).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

GONE = _("Mục này vừa bị xóa bởi một thao tác khác: hãy tải lại để xem dữ liệu hiện tại.")


def locked_row(queryset, refusal: type[Exception], **lookup):
    """Return the row matching ``lookup`` under its row lock, or raise ``refusal(GONE)``."""
    queryset = queryset.all()
    if not queryset.query.select_for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise refusal(str(GONE)) from None


def refresh(target, source):
    """Copy the committed row ``source`` into the caller's instance ``target`` and return it."""
    for field in type(source)._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


@contextmanager
def locked_for_write(obj, lock: Callable) -> Iterator:
    """Run the block in one transaction on ``obj`` re-read under its lock (``lock(obj)``).

    Once the transaction commits, the caller's ``obj`` reflects the row as written, so it can
    keep using it.
    """
    with transaction.atomic():
        locked = lock(obj)
        yield locked
    refresh(obj, locked)


class RowGoneMiddleware:
    """Answer 409 with a clear message, not 500, when a page's POST finds its row deleted.

    The services refuse a move on a row deleted under them (``locked_row``); this catches what
    any other code path lets through, so that two people acting on one object at once never see
    a server error. The API has its own handler (pdp_portal.apivalidation).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ObjectDoesNotExist) or request.method in ("GET", "HEAD"):
            return None
        log.warning(
            "%s %s: %s (deleted by another request)", request.method, request.path, exception
        )
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        return render(request, "409.html", {"message": GONE, "back": back}, status=409)


def _transaction_lock(name: str) -> None:
    """Hold the advisory lock ``name`` until the caller's transaction ends (PostgreSQL)."""
    if not connection.in_atomic_block:
        raise RuntimeError(
            "a transaction-scoped lock is held by a transaction: call it in atomic()"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def numbering_lock(name: str) -> None:
    """Hold the lock of the numbering ``name`` until the caller's transaction ends.

    A reference numbered from the highest one stored (VP-2026-0007 after VP-2026-0006) is free
    only if no other transaction is numbering the same series: a row lock cannot say so (the
    next row does not exist yet, and PostgreSQL takes no row lock for an aggregate), so the
    series has a transaction-scoped advisory lock, and two references recorded at the same moment
    are given one after the other. SQLite has one writer at a time: nothing to take.
    """
    _transaction_lock(name)


def creation_lock(name: str) -> None:
    """Hold the lock of creating the one row ``name`` stands for until the transaction ends.

    "One per organisation" read-then-create (the dossier of a kind, Law 91/2025 Art. 20(3)) has
    no row to lock while that row does not exist: ``select_for_update()`` on an empty result
    locks nothing, so two requests at once (a double click, two tabs) would both create it and
    one would fail on the unique constraint. Under this lock the second waits for the first and
    finds its row.
    """
    _transaction_lock(name)
