"""The compliance calendar: every running clock a user may see, one deadline's detail, the ICS feed."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.organizations.models import Organization
from pdp_portal.pagination import paginate

from . import services
from .counting import compute_stored
from .models import CalendarFeed, Deadline
from .permissions import get_deadline_for_user, visible_deadlines
from .rules import RULES, ClockError

# A presentation threshold, not a statutory period: rows due within it are highlighted.
DUE_SOON = dt.timedelta(days=2)
PAGE_SIZE = 100
VN_TZID = "Asia/Ho_Chi_Minh"
ACTIVE = [Deadline.Status.OPEN, Deadline.Status.OVERDUE]


def with_effective_due(queryset):
    """Annotate the due instant that counts (the extended one if any) as ``effective_due``."""
    return queryset.annotate(effective_due=Coalesce(F("extended_due_at"), F("due_at")))


def time_left(delta: dt.timedelta) -> str:
    """Return a remaining (or, if negative, exceeded) duration in words."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days}
        if hours:
            text += " " + ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}
    elif hours:
        text = ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}
        if minutes:
            text += " " + ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}
    else:
        text = ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}
    if delta.total_seconds() < 0:
        return _("quá hạn %(duration)s") % {"duration": text}
    return _("còn %(duration)s") % {"duration": text}


def _decorate(deadline: Deadline, now: dt.datetime) -> Deadline:
    """Attach what the templates show beside each deadline (no query)."""
    due = deadline.effective_due_at
    rule = RULES.get(deadline.rule)
    deadline.basis = rule.basis if rule else ""
    deadline.due_display = services.format_due(due)
    remaining = due - now
    deadline.time_left = time_left(remaining)
    deadline.is_active = deadline.status in ACTIVE
    deadline.is_overdue = deadline.status == Deadline.Status.OVERDUE or (
        deadline.is_active and now >= services.overdue_at(due)
    )
    deadline.is_due_soon = deadline.is_active and not deadline.is_overdue and remaining <= DUE_SOON
    return deadline


@login_required
@require_GET
def deadline_list(request):
    now = timezone.now()
    visible = visible_deadlines(request.user)
    deadlines = with_effective_due(visible)
    organizations = Organization.objects.filter(pk__in=visible.values("organization_id")).order_by(
        "name"
    )

    organization_id = request.GET.get("organization", "")
    rule_code = request.GET.get("rule", "")
    state = request.GET.get("state", "")
    if id_or_none(organization_id):
        deadlines = deadlines.filter(organization_id=id_or_none(organization_id))
    if rule_code in RULES:
        deadlines = deadlines.filter(rule=rule_code)
    if state == "due_soon":
        deadlines = deadlines.filter(status=Deadline.Status.OPEN, effective_due__lte=now + DUE_SOON)
    elif state in Deadline.Status.values:
        deadlines = deadlines.filter(status=state)
    else:
        state = ""
        deadlines = deadlines.filter(status__in=ACTIVE)
    deadlines = deadlines.select_related("organization", "responsible").order_by(
        "effective_due", "pk"
    )
    page, filter_query = paginate(request, deadlines, PAGE_SIZE)
    rows = [_decorate(deadline, now) for deadline in page.object_list]

    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("clock:feed", args=[feed.token])) if feed else ""
    # webcal:// opens the "subscribe" dialog of Apple Calendar and Outlook in one click.
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else ""
    return render(
        request,
        "clock/deadlines.html",
        {
            "rows": rows,
            "page": page,
            "organizations": organizations,
            "rules": sorted(RULES.values(), key=lambda rule: rule.code),
            "states": [
                ("", _("Đang chạy và quá hạn")),
                ("due_soon", _("Sắp đến hạn")),
                *Deadline.Status.choices,
            ],
            "selected": {"organization": organization_id, "rule": rule_code, "state": state},
            "filter_query": filter_query,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "now": now,
        },
    )


@login_required
@require_GET
def deadline_detail(request, pk):
    deadline = get_deadline_for_user(request.user, pk)
    _decorate(deadline, timezone.now())
    explanation, error = None, ""
    try:
        explanation = compute_stored(deadline)
    except ClockError as exc:
        error = str(exc)
    rule = RULES.get(deadline.rule)
    context = {
        "deadline": deadline,
        "rule": rule,
        "result": explanation,
        "error": error,
        "reminders": deadline.reminders.order_by("created_at", "pk"),
        "started_display": services.format_due(deadline.started_at),
        "original_due_display": services.format_due(deadline.due_at),
    }
    # An htmx request (from the calendar page) gets the fragment only.
    template = (
        "clock/_deadline_detail.html"
        if request.headers.get("HX-Request")
        else "clock/deadline_detail.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def feed_rotate(request):
    services.calendar_feed_rotate(user=request.user)
    messages.success(
        request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ (nếu có) không còn dùng được.")
    )
    return redirect("clock:deadlines")


@require_GET
def feed(request, token):
    # The secret address is the only credential: calendar applications cannot log in.
    feed_row = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed_row is None or not feed_row.user.is_active:
        raise Http404("No such feed")
    return HttpResponse(
        _ics(feed_row.user, request),
        content_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


def _ics(user, request) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//PDP Portal//clock//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Thời hạn bảo vệ dữ liệu cá nhân"))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    # Calendar applications poll a subscription; ask for an hourly refresh (RFC 7986).
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    # Every due instant is in Vietnam time (TZID=Asia/Ho_Chi_Minh), so the feed carries the zone's
    # definition (RFC 5545 3.6.5): a client without a time-zone database still shows the right
    # hour. Vietnam has kept UTC+7 since 1975; deadlines start in 2026.
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            VN_TZID, first_date=dt.date(2000, 1, 1), last_date=dt.date(2100, 1, 1)
        )
    )
    now = timezone.now()
    deadlines = (
        with_effective_due(visible_deadlines(user))
        .filter(status__in=ACTIVE)
        .select_related("organization")
        .order_by("effective_due", "pk")
    )
    host = request.get_host().split(":")[0]
    for deadline in deadlines:
        due = deadline.effective_due_at.astimezone(services.VN)
        rule = RULES.get(deadline.rule)
        basis = rule.basis if rule else ""
        title = deadline.label or deadline.rule
        if deadline.status == Deadline.Status.OVERDUE:
            title = _("[QUÁ HẠN] %(title)s") % {"title": title}
        event = icalendar.Event()
        event.add("uid", f"deadline-{deadline.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", due)
        event.add("dtend", due)
        event.add("summary", f"{title} · {deadline.organization.name}")
        event.add(
            "description",
            "\n".join(
                [
                    _("Quy tắc: %(rule)s") % {"rule": deadline.rule},
                    _("Căn cứ pháp lý: %(basis)s") % {"basis": basis},
                    _("Hạn: %(due)s") % {"due": services.format_due(due)},
                ]
                + [
                    _("Tạm tính: %(reason)s") % {"reason": text}
                    for text in deadline.provisional_texts
                ]
            ),
        )
        event.add(
            "url", request.build_absolute_uri(reverse("clock:deadline_detail", args=[deadline.pk]))
        )
        calendar.add_component(event)
    return calendar.to_ical()
