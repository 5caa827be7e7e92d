"""Inspections under /api/v1/: the organisation reads its inspections and marks items remedied."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from pdp_portal.organizations.api import as_drf_validation_error
from pdp_portal.organizations.permissions import CHANGE
from pdp_portal.workflow import ServiceConflict

from . import services
from .models import Inspection, InvalidTransition, RemediationItem
from .permissions import get_inspection_for_user, visible_inspections
from .serializers import (
    InspectionDetailSerializer,
    InspectionSerializer,
    RemediationDoneSerializer,
    RemediationItemSerializer,
)
from .views import _row, inspection_context


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The inspections of the user's organisations, once notified (Decree 356 Art. 31(4))."""

    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            visible_inspections(self.request.user)
            .prefetch_related("team__user")
            .order_by("-start_date", "-pk")
        )

    @extend_schema(responses=InspectionDetailSerializer)
    def retrieve(self, request, pk=None):
        inspection = get_inspection_for_user(request.user, pk)
        context = inspection_context(inspection)
        serializer = InspectionDetailSerializer(
            inspection, context={"items": context["items"], "bundles": context["bundles"]}
        )
        return Response(serializer.data)

    @extend_schema(request=RemediationDoneSerializer, responses=RemediationItemSerializer)
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_pk>[0-9]+)/done")
    def done(self, request, pk=None, item_pk=None):
        """Report a remedial measure done, with its evidence files (multipart ``files``)."""
        inspection = get_inspection_for_user(request.user, pk, CHANGE)
        item = get_object_or_404(RemediationItem, pk=item_pk, inspection=inspection)
        data = RemediationDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.remediation_submit(
                actor=request.user,
                item=item,
                note=data.validated_data["note"],
                uploads=request.FILES.getlist("files"),
            )
        except InvalidTransition as exc:
            raise ServiceConflict({"detail": str(exc)}) from exc
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        deadline = services.item_deadline(item)
        item.clock = _row(deadline, timezone.now()) if deadline else None
        return Response(RemediationItemSerializer(item).data)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("inspections", InspectionViewSet, basename="inspection")
