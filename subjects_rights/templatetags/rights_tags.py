"""Dates and clocks in plain words for the request pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from pdp_portal.clock.deadline_views import time_left as _time_left
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import format_due

from ..models import RESPOND_RULE

register = template.Library()


@register.filter
def vn_due(value):
    """Return an instant as 'Thứ Tư, 04/03/2026 23:59 (giờ Việt Nam)'."""
    return format_due(value) if value else ""


@register.filter
def time_left(value):
    """Return 'còn 2 ngày 3 giờ' or 'quá hạn 5 giờ' for a due instant."""
    if not value:
        return ""
    return _time_left(value - timezone.now())


@register.filter
def is_past(value):
    return bool(value) and value < timezone.now()


@register.filter
def rule_basis(code):
    return get_rule(code).basis


@register.filter
def rule_max_extension(code):
    return get_rule(code).max_extension_days


@register.filter
def rule_what(code):
    """Return what a clock is for, in words the data subject understands."""
    if code == RESPOND_RULE:
        return _("Phản hồi (cho biết sẽ thực hiện thế nào)")
    if code.endswith(".third_party"):
        return _("Bên xử lý, bên thứ ba thực hiện")
    return _("Thực hiện yêu cầu")


@register.filter
def rule_period(code):
    rule = get_rule(code)
    return f"{rule.period} {rule.unit_label}"
