"""Organisations and memberships under /api/v1/, behind the same gates as the pages."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.settings import api_settings

from . import services
from .models import Membership, ProtectionContact
from .permissions import (
    MANAGE,
    VIEW,
    get_organization_for_user,
    has_org_perm,
    visible_organizations,
)
from .serializers import MembershipSerializer, OrganizationSerializer


def as_drf_validation_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """Return a DRF 400 with field errors for a Django ValidationError raised by a service."""
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in exc.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return serializers.ValidationError(detail)


ORGANIZATION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Organisation id"
)
ORGANIZATION_PK = OpenApiParameter(
    "organization_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Organisation id"
)
MEMBERSHIP_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Membership id"
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[ORGANIZATION_ID]),
    update=extend_schema(parameters=[ORGANIZATION_ID]),
    partial_update=extend_schema(parameters=[ORGANIZATION_ID]),
)
class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the user is a member of; their DPOs may change them."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        return (
            visible_organizations(self.request.user)
            .prefetch_related(
                Prefetch(
                    "protection_contacts",
                    queryset=ProtectionContact.objects.order_by("-is_primary", "name"),
                )
            )
            .order_by("name")
        )

    def get_object(self):
        organization = super().get_object()
        # Writes need the manage permission; without it the answer is the same 404 as for a
        # missing organisation.
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and not has_org_perm(
            self.request.user, organization, MANAGE
        ):
            raise Http404
        return organization

    def perform_update(self, serializer):
        try:
            organization = services.organization_update(
                actor=self.request.user,
                organization=serializer.instance,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        # Answer with the fresh row and its contacts, in the same order as a GET.
        serializer.instance = self.get_queryset().get(pk=organization.pk)


@extend_schema_view(
    list=extend_schema(parameters=[ORGANIZATION_PK]),
    create=extend_schema(parameters=[ORGANIZATION_PK]),
    destroy=extend_schema(parameters=[ORGANIZATION_PK, MEMBERSHIP_ID]),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """An organisation's members. Creating a membership for an existing member changes its role."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # for the schema; get_queryset() is the real one

    def _organization(self, perm=VIEW):
        return get_organization_for_user(self.request.user, self.kwargs["organization_pk"], perm)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        # Writes need the manage permission: checked here, before the body is validated, so a
        # member without it gets 404 whatever they send.
        perm = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else MANAGE
        organization = self._organization(perm)
        return (
            Membership.objects.filter(organization=organization)
            .select_related("user")
            .order_by("role", "user__username")
        )

    def create(self, request, *args, **kwargs):
        self.get_queryset()  # the permission gate
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.membership_set(
                actor=self.request.user,
                organization=self._organization(MANAGE),
                user=serializer.validated_data["user"],
                role=serializer.validated_data["role"],
            )
        except services.MembershipError as exc:
            raise serializers.ValidationError({"role": [str(exc)]}) from exc

    def perform_destroy(self, instance):
        try:
            services.membership_remove(actor=self.request.user, membership=instance)
        except services.MembershipError as exc:
            raise serializers.ValidationError({"role": [str(exc)]}) from exc


def register(router) -> None:
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register(
        r"organizations/(?P<organization_pk>\d+)/memberships",
        MembershipViewSet,
        basename="organization-membership",
    )
