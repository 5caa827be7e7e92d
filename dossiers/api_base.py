"""What the register and dossier endpoints under /api/v1/ share.

The query serializers, the refusals (pdp_portal.workflow: 400 for bad input, 409 for a move) and
the OpenAPI parameters and responses.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from pdp_portal.apivalidation import IdField, OrganizationQuery
from pdp_portal.workflow import run_service, valid_data

from .models import Dossier

PDFS = ("notice", "report", "update")


class DossierQuery(OrganizationQuery):
    kind = serializers.ChoiceField(choices=Dossier.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Dossier.Status.choices, required=False)


class RequiredOrganizationQuery(serializers.Serializer):
    organization = IdField(help_text="Organisation id")


# One refusal for every app (pdp_portal.workflow): 409 for a move, 400 for bad input.
_run = run_service
_valid = valid_data


def _id(name, description=""):
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


DOSSIER_ID = _id("id", "Dossier id")
NUMBER = _id("number", "Version number (1, 2, ...)")
ENCLOSURE_ID = _id("enclosure_id")
DOC = OpenApiParameter("doc", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(PDFS))
COMPARE = [
    OpenApiParameter(
        "a", OpenApiTypes.INT, description="Older version (default: the one before b)"
    ),
    OpenApiParameter("b", OpenApiTypes.INT, description="Newer version (default: the latest)"),
]
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
ZIP = {(200, "application/zip"): OpenApiTypes.BINARY}
FILE = {(200, "application/octet-stream"): OpenApiTypes.BINARY}
REFUSED = {
    400: OpenApiResponse(description="Field errors"),
    404: OpenApiResponse(description="No such object, or not yours to change"),
    409: OpenApiResponse(description="The workflow does not allow this now"),
}
