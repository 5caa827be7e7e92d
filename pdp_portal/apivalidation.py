"""What every API input goes through before it reaches the database, and what the schema says of it.

PostgreSQL keys are 64-bit: a larger integer in a filter, a body or a path is not "no such row" to
the driver but an OverflowError. So every integer the API takes is bounded here, once:
``IdField`` / ``BoundedIntegerField`` for bodies and query serializers, ``IdFilter`` for
django-filter filtersets, ``query()`` for views that read their query string by hand. Each refuses
with 400 and a message in the user's language. The pages read an id typed in a link or sent by a
button with ``id_or_none()``, which also turns away digits that ``int()`` does not take ("²").

``PortalAutoSchema`` documents the answers every operation can give besides its own (400, 401,
403, 404, 409, 415) with their bodies, and documents request bodies as JSON where JSON is what they
take, so the OpenAPI document promises what the code does.
"""

import django_filters
from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from pdp_portal.clock.calendars import FIRST_YEAR
from pdp_portal.forms import outside_calendar, within_calendar
from pdp_portal.organizations.permissions import is_regulator

# A form's PDF: the Vietnamese document by default; ``?lang=en`` its English rendering, made from
# the same frozen snapshot as a translation for reference (pdp_portal.downloads.pdf_language).
PDF_LANG = OpenApiParameter(
    "lang", OpenApiTypes.STR, enum=["vi", "en"], description="vi by default; en: a translation"
)

# PostgreSQL bigint, the type of every primary and foreign key.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def id_or_none(value) -> int | None:
    """Return ``value`` (a query or form string) as a row id, or None if it cannot be one."""
    # isdigit() alone lets through "²" and other Unicode digits that int() refuses.
    value = str(value or "")
    if value.isascii() and value.isdigit() and 0 < int(value) <= INT_MAX:
        return int(value)
    return None


class BoundedIntegerField(serializers.IntegerField):
    """An integer that fits in a PostgreSQL bigint unless told narrower bounds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", INT_MIN)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


class IdField(BoundedIntegerField):
    """The id of a row: a positive 64-bit integer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


@extend_schema_field(
    {"type": "string", "format": "date-time", "pattern": f"^{FIRST_YEAR // 100}[0-9]{{2}}-"}
)
class CalendarDateTimeField(serializers.DateTimeField):
    """An instant in the years of the portal's calendar (FIRST_YEAR to LAST_YEAR).

    Statutory periods are counted from it (a breach's 72 hours from its discovery, a request's
    days from its receipt): a year the calendar does not hold is refused with a message, not
    stored (a breach "discovered" in the year 1000) nor left to overflow (0001-01-01, 9999-12-31).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(within_calendar)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:  # a time without offset at the edge of Python's dates
            raise outside_calendar() from None
        except serializers.ValidationError as exc:
            if exc.get_codes() == ["overflow"]:  # one with an offset
                raise outside_calendar() from None
            raise


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "email"}, {"type": "string", "maxLength": 0}]}
)
class OptionalEmailField(serializers.EmailField):
    """An e-mail address or nothing ("" by default): documented so that "" is valid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)


class _IdFormField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)
        # Django's own message names no field and no range the API user can act on.
        for validator in self.validators:
            if isinstance(validator, MaxValueValidator | MinValueValidator):
                validator.message = _("Mã số phải là số nguyên từ 1 đến %(limit)s.") % {
                    "limit": INT_MAX
                }


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": INT_MAX})
class IdFilter(django_filters.NumberFilter):
    """Filter on an id: a positive 64-bit integer, else 400 (not a database overflow)."""

    field_class = _IdFormField


class StrictFilterSet(django_filters.FilterSet):
    """A filterset that refuses a parameter given empty (``?due_before=``), as its schema does."""

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if self.data.get(name, None) == "":
                self.form.add_error(name, _("Trường này không được để trống."))
                valid = False
        return valid


def query(request, serializer_class) -> dict:
    """Return the validated query parameters of ``request``; 400 with field errors if bad."""
    # A plain dict, not the QueryDict: DRF reads an empty form value as "not given", which would
    # accept ``?status=`` that the schema (an enum) refuses.
    params = request.query_params
    data = params.dict()
    for name, field in serializer_class().fields.items():
        if name in params and isinstance(field, serializers.ListField):
            data[name] = params.getlist(name)  # a repeated parameter: every value is checked
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}


class OrganizationQuery(serializers.Serializer):
    organization = IdField(required=False, help_text="Organisation id")


def exception_handler(exc, context):
    """DRF's handler, and a last line for what input validation or a service missed.

    A row deleted by another request between the view's read and the service's lock is a 404
    (as a missing row always is), never a server error.
    """
    if isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, OverflowError):
        exc = exceptions.ValidationError(
            {"detail": [_("Số quá lớn (tối đa %(limit)s).") % {"limit": INT_MAX}]}
        )
    return drf_exception_handler(exc, context)


# --- the schema ---------------------------------------------------------------------------------

ERROR = {
    "type": "object",
    "description": "`detail` (one message) or field name -> list of messages",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
FIELD_ERRORS = {
    "type": "object",
    "description": "field name (or `detail` / `non_field_errors`) -> list of messages",
    "additionalProperties": True,
}
STANDARD = {
    "400": ("Invalid input: field errors", FIELD_ERRORS),
    "401": ("Not authenticated", ERROR),
    "403": ("Not authenticated or not allowed", ERROR),
    "404": ("No such object, not yours, or no such page", ERROR),
    "409": ("The workflow does not allow this now, or another request changed it first", ERROR),
    "415": ("The request body is not of a type this operation takes", ERROR),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema with the answers every operation of this API can give."""

    def map_parsers(self):
        # A body that is a serializer of plain fields is documented as JSON: form encodings
        # cannot say null, nor a list of objects. Uploads declare multipart explicitly.
        parsers = super().map_parsers()
        return ["application/json"] if "application/json" in parsers else parsers

    def _standard_codes(self) -> list[str]:
        codes = ["400", "404"]
        if not all(p is AllowAny for p in self.view.permission_classes):
            codes += ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")
        if self.method in ("POST", "PUT", "PATCH"):
            # DRF's answer to a body whose Content-Type no parser of the operation takes.
            codes.append("415")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._standard_codes():
            if code not in responses:
                description, schema = STANDARD[code]
                responses[code] = {
                    "content": {"application/json": {"schema": schema}},
                    "description": description,
                }
        return responses


class FileRenderer(BaseRenderer):
    """Let a client ask for a PDF, a ZIP or a file; the views answer with the file itself.

    Only JSON bodies (errors, or a JSON action asked with ``?format=file``) get rendered here:
    they go out as JSON and say so, as the schema documents them.
    """

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class IsRegulator(BasePermission):
    """Members of the Regulator group only; anyone else gets 404, as on the pages.

    A method the view does not have is let through to DRF's 405, as on every other route: the
    schema already says which methods exist, so that answer tells nobody anything.
    """

    def has_permission(self, request, view):
        if request.method.lower() not in view.http_method_names or not hasattr(
            view, request.method.lower()
        ):
            return True
        if not is_regulator(request.user):
            raise Http404
        return True


@csrf_exempt  # it changes nothing; a POST to an unknown path is a 404, not a CSRF 403
def api_not_found(request, *args, **kwargs):
    """Answer a path under /api/v1/ that no route matches (e.g. a non-numeric id) in JSON."""
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
