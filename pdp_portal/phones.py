"""Phone numbers, Vietnamese or international, as people write them: one rule for forms and API.

8 to 15 digits (E.164 allows at most 15; Vietnamese fixed and mobile numbers have 10 or 11 with
the leading 0), an optional leading "+", single spaces, dots or dashes between digits:
"024 3825 1234", "0912.345.678", "+84 912 345 678". The rule is one regular expression, so the
OpenAPI document states it as the ``pattern`` of every request field that takes a phone number.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

# ASCII digits only ([0-9], not \d, which also takes other scripts' digits in Python).
_NUMBER = r"\+?[0-9](?:[ .-]?[0-9]){7,14}"
PHONE_PATTERN = rf"^{_NUMBER}$"
# The same or nothing: what a field that may be left empty takes.
OPTIONAL_PHONE_PATTERN = rf"^(?:{_NUMBER})?$"
PHONE_MAX_LENGTH = 30
_PHONE = re.compile(PHONE_PATTERN)


@deconstructible
class PhoneValidator:
    """Refuse anything but a phone number, with a message that says what is accepted."""

    message = _(
        "Số điện thoại không hợp lệ: cần 8 đến 15 chữ số, có thể có dấu + ở đầu và dấu cách, "
        "dấu chấm hoặc gạch ngang giữa các số (ví dụ 024 3825 1234 hoặc +84 912 345 678)."
    )
    code = "invalid_phone"

    def __call__(self, value):
        # search() with "$", as the JSON Schema "pattern" is read: the API accepts exactly what
        # its OpenAPI document says (forms strip spaces and line ends first anyway).
        if not _PHONE.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PhoneValidator)


validate_phone = PhoneValidator()


class PhoneField(forms.CharField):
    """A phone number in a form: the keypad on phones, the portal's rule on submit."""

    default_validators = [validate_phone]
    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        super().__init__(**kwargs)


def phone_formfield(model, name: str = "phone", **kwargs) -> PhoneField:
    """Return a ``PhoneField`` labelled and required as ``model``'s field ``name`` (ModelForms)."""
    field = model._meta.get_field(name)
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("required", not field.blank)
    return PhoneField(**kwargs)


class PhoneSerializerField(serializers.CharField):
    """A phone number in the API."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        # Spaces around the number are refused like any other character the pattern refuses,
        # so that the documented pattern is exactly what is accepted.
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators.append(validate_phone)


class PhoneSerializerFieldSchema(OpenApiSerializerFieldExtension):
    """Document the pattern where the API checks it (requests); answers may carry numbers
    stored before the check existed, so they promise only a string."""

    target_class = PhoneSerializerField

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["pattern"] = OPTIONAL_PHONE_PATTERN if self.target.allow_blank else PHONE_PATTERN
        return schema
