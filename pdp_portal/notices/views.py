"""The user's own in-app notifications: the list, and "mark all as read"."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .models import Notification
from .services import notifications_mark_read

PER_PAGE = 50


@login_required
@require_GET
def notification_list(request):
    """List the user's notifications, newest first, each in the reader's language."""
    rows = Notification.objects.filter(user=request.user).select_related("organization")
    page = Paginator(rows.order_by("-id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_all_read(request):
    """Mark every notification of the user read, then show the list again."""
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")
