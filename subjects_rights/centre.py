"""The rights part of the privacy centre: each right of Law 91/2025 Art. 4(1) in plain words, its
procedure, its time limits read from the clock catalogue, the request form and the printable form
(Decree 356/2025 Art. 5(1))."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdp_portal.centre.registry import register_part
from pdp_portal.clock.rules import get_rule

from .models import (
    FULFIL_RULE,
    GROUP_OF_TYPE,
    RESPOND_RULE,
    RESPOND_RULE_OF_GROUP,
    THIRD_PARTY_RULE,
    TYPE_HELP,
    RequestType,
)

# Law 91/2025 Art. 4(1): the points, in the Law's order, with the request types that exercise
# each one. Point (b) also covers giving or refusing consent (the consents part links to it).
RIGHTS = (
    ("a", (RequestType.INFORM,)),
    ("b", (RequestType.WITHDRAW_CONSENT,)),
    ("c", (RequestType.ACCESS, RequestType.RECTIFY)),
    ("d", (RequestType.COPY, RequestType.ERASE, RequestType.RESTRICT, RequestType.OBJECT)),
    ("đ", (RequestType.COMPLAIN,)),
    ("e", (RequestType.PROTECT,)),
)


def right_titles() -> dict:
    """Return each point of Law Art. 4(1) in plain words, in the active language."""
    return {
        "a": _("Được biết tổ chức xử lý dữ liệu của bạn như thế nào"),
        "b": _("Đồng ý, không đồng ý hoặc rút lại sự đồng ý"),
        "c": _("Xem và chỉnh sửa dữ liệu của bạn"),
        "d": _("Nhận bản sao, xóa, hạn chế xử lý hoặc phản đối việc xử lý"),
        "đ": _("Khiếu nại, tố cáo, khởi kiện, yêu cầu bồi thường"),
        "e": _("Yêu cầu áp dụng biện pháp bảo vệ dữ liệu của bạn"),
    }


def _clock(code: str | None) -> dict | None:
    if code is None:
        return None
    rule = get_rule(code)
    return {
        "code": rule.code,
        "period": rule.period_text,
        "basis": rule.basis,
        "max_extension": rule.max_extension_days,
    }


def type_facts(request_type: str) -> dict:
    """Return a request type's label, help and clocks (all from the catalogue)."""
    group = GROUP_OF_TYPE[request_type]
    return {
        "value": str(request_type),
        "label": str(RequestType(request_type).label),
        "help": str(TYPE_HELP[request_type]),
        "respond": _clock(RESPOND_RULE_OF_GROUP.get(group, RESPOND_RULE)),
        "fulfil": _clock(FULFIL_RULE.get(group)),
        "third_party": _clock(THIRD_PARTY_RULE.get(group)),
    }


def build(organization, language: str) -> dict:
    with translation.override(language):
        titles = right_titles()
        form_url = reverse("rights_public:form", args=[organization.slug])
        rights = []
        for point, types in RIGHTS:
            facts = [type_facts(t) for t in types]
            for fact in facts:
                fact["form_url"] = f"{form_url}?type={fact['value']}"
            rights.append({"point": point, "title": titles[point], "types": facts})
        return {
            "rights": rights,
            "form_url": form_url,
            "printable_url": reverse("rights_public:printable", args=[organization.slug]),
        }


register_part(
    "rights", 20, build, "subjects_rights/centre/rights.html", title=gettext_lazy("Quyền của bạn")
)
