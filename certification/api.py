"""Certification under /api/v1/: the workflow actions of the pages, behind the same gates."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pdp_portal.organizations.permissions import CHANGE, is_regulator
from pdp_portal.workflow import run_service, valid_data

from . import services
from .models import Application, Certificate
from .permissions import (
    get_application_for_user,
    get_certificate_for_user,
    submitted_applications,
    visible_applications,
    visible_certificates,
)
from .serializers import (
    ApplicationSerializer,
    CertificateGrantSerializer,
    CertificateMessageSerializer,
    CertificateNoteSerializer,
    CertificateRevokeSerializer,
    CertificateSerializer,
)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications (Form 04): the organisation's own; for the agency, submitted ones only."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = submitted_applications(user) if is_regulator(user) else visible_applications(user)
        return qs.select_related("organization").prefetch_related("services").order_by("-pk")

    def _own(self, pk, perm=CHANGE) -> Application:
        return get_application_for_user(self.request.user, pk, perm)

    def _agency(self, pk) -> Application:
        if not is_regulator(self.request.user):
            raise Http404
        return self.get_object()

    def _answer(self, application):
        application.refresh_from_db()
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=CertificateNoteSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self._own(pk)
        note = valid_data(CertificateNoteSerializer, request).get("note", "")
        run_service(
            lambda: services.application_submit(
                actor=request.user, application=application, note=note
            )
        )
        return self._answer(application)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self._own(pk)
        run_service(
            lambda: services.application_withdraw(actor=request.user, application=application)
        )
        return self._answer(application)

    def _decide(self, request, pk, decision, keyword):
        """Run an agency decision that takes the message of the request under ``keyword``."""
        application = self._agency(pk)
        message = valid_data(CertificateMessageSerializer, request).get("message", "")
        run_service(
            lambda: decision(actor=request.user, application=application, **{keyword: message})
        )
        return self._answer(application)

    @extend_schema(request=CertificateMessageSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="request-supplement")
    def request_supplement(self, request, pk=None):
        return self._decide(request, pk, services.application_request_supplement, "message")

    @extend_schema(request=CertificateMessageSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._decide(request, pk, services.application_complete, "message")

    @extend_schema(request=CertificateMessageSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, pk, services.application_refuse, "reason")

    @extend_schema(request=CertificateGrantSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def grant(self, request, pk=None):
        application = self._agency(pk)
        data = valid_data(CertificateGrantSerializer, request)
        certificate = run_service(
            lambda: services.application_grant(actor=request.user, application=application, **data)
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Certificates (Form 05): the organisation's own; every certificate for the agency."""

    serializer_class = CertificateSerializer
    queryset = Certificate.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = Certificate.objects.all() if is_regulator(user) else visible_certificates(user)
        return qs.select_related("replaces").defer("pdf", "revocation_pdf").order_by("-pk")

    @extend_schema(request=CertificateRevokeSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        if not is_regulator(request.user):
            raise Http404
        certificate = self.get_object()
        data = valid_data(CertificateRevokeSerializer, request)
        certificate = run_service(
            lambda: services.certificate_revoke(actor=request.user, certificate=certificate, **data)
        )
        return Response(CertificateSerializer(certificate).data)

    @extend_schema(request=None, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], url_path="returned")
    def returned(self, request, pk=None):
        if is_regulator(request.user):
            certificate = self.get_object()
        else:
            certificate = get_certificate_for_user(request.user, pk, CHANGE)
        certificate = run_service(
            lambda: services.certificate_record_return(actor=request.user, certificate=certificate)
        )
        return Response(CertificateSerializer(certificate).data)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register(
        "certificate-applications", ApplicationViewSet, basename="certificate-application"
    )
    router.register("certificates", CertificateViewSet, basename="certificate")
