from django.conf import settings


def portal(request):
    """Expose the site name and the current user's organisations to every template."""
    user = getattr(request, "user", None)
    ctx = {"SITE_NAME": settings.SITE_NAME, "is_regulator": False}
    if user is not None and user.is_authenticated:
        ctx["is_regulator"] = user.groups.filter(name="Regulator").exists()
    return ctx
