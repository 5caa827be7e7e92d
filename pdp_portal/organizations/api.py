"""Organisations and memberships under /api/v1/, behind the same gates as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from rest_framework import mixins, serializers, viewsets

from . import services
from .models import Membership, ProtectionContact
from .permissions import MANAGE, get_organization_for_user, has_org_perm, visible_organizations
from .serializers import MembershipSerializer, OrganizationSerializer


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
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
        perm = MANAGE if self.request.method not in ("GET", "HEAD", "OPTIONS") else None
        organization = super().get_object()
        if perm and not has_org_perm(self.request.user, organization, perm):
            raise Http404
        return organization

    def perform_update(self, serializer):
        try:
            serializer.instance = services.organization_update(
                actor=self.request.user,
                organization=serializer.instance,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "message_dict") else exc.messages
            ) from exc


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MembershipSerializer

    def _organization(self, perm=None):
        return get_organization_for_user(
            self.request.user,
            self.kwargs["organization_pk"],
            perm or "organizations.view_organization_data",
        )

    def get_queryset(self):
        organization = self._organization()
        return (
            Membership.objects.filter(organization=organization)
            .select_related("user")
            .order_by("role", "user__username")
        )

    def perform_create(self, serializer):
        organization = self._organization(MANAGE)
        try:
            serializer.instance = services.membership_set(
                actor=self.request.user,
                organization=organization,
                user=serializer.validated_data["user"],
                role=serializer.validated_data["role"],
            )
        except services.MembershipError as exc:
            raise serializers.ValidationError({"role": [str(exc)]}) from exc

    def perform_destroy(self, instance):
        self._organization(MANAGE)
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
