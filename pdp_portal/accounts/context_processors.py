from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    """Expose the site name and the current user's organisations to every template."""
    user = getattr(request, "user", None)
    ctx = {"SITE_NAME": settings.SITE_NAME, "is_regulator": False, "unread_notifications": 0}
    if user is not None and user.is_authenticated:
        ctx["is_regulator"] = user.groups.filter(name="Regulator").exists()
        # Counted once, and only by the pages that show it (the staff and regulator layouts).
        ctx["unread_notifications"] = SimpleLazyObject(lambda: _unread(user))
    return ctx


def _unread(user) -> int:
    from pdp_portal.notices.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()
