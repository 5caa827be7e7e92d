"""Breaches under /api/v1/: every action of the staff pages and of the agency's pages.

Same gates as the pages: organisation staff reach their organisations' breaches (writes need the
change permission; without it the answer is 404, as for a missing breach); the agency reaches
submitted notifications only, under /api/v1/regulator/breaches/. Service refusals answer 400
with field errors (bad input) or 409 (a move the workflow does not allow).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pdp_portal.apivalidation import PDF_LANG, FileRenderer, IsRegulator, OrganizationQuery, query
from pdp_portal.clock.models import Deadline
from pdp_portal.downloads import pdf_language
from pdp_portal.filings.filters import MonthField
from pdp_portal.organizations.permissions import CHANGE, get_organization_for_user
from pdp_portal.workflow import run_service, valid_data

from . import services
from .models import Breach, BreachSubmission, SubjectNotice
from .permissions import (
    get_breach_for_user,
    get_submitted_breach_for_regulator,
    visible_breaches,
)
from .regulator_views import filtered_inbox
from .serializers import (
    BreachAttachmentSerializer,
    BreachAttachmentUploadSerializer,
    BreachCsvErrorsSerializer,
    BreachMomentSerializer,
    BreachNoticeCreateSerializer,
    BreachNoticeSerializer,
    BreachPublicNoticeSerializer,
    BreachRecipientsSerializer,
    BreachRecordSerializer,
    BreachReviewMessageSerializer,
    BreachSerializer,
    BreachSubmissionSerializer,
    BreachSubmitSerializer,
    BreachUpdateSerializer,
    RegulatorBreachSerializer,
)
from .views import attachment_response, pdf_response, submission_pdf_response


class BreachQuery(OrganizationQuery):
    status = serializers.ChoiceField(choices=Breach.Status.choices, required=False)


class RegulatorBreachQuery(serializers.Serializer):
    """The agency's filters (``regulator_views.filtered_inbox`` applies them), each checked."""

    review = serializers.ChoiceField(
        choices=[value for value in Breach.Review.values if value], required=False
    )
    month = MonthField(required=False, help_text="YYYY-MM of submission")
    late = serializers.ChoiceField(choices=["1"], required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Organisation, tax code, reference"
    )


BREACH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Breach id")
VERSION = OpenApiParameter("version", OpenApiTypes.INT, OpenApiParameter.PATH)
NOTICE_ID = OpenApiParameter("notice_id", OpenApiTypes.INT, OpenApiParameter.PATH)
ATTACHMENT_ID = OpenApiParameter("attachment_id", OpenApiTypes.INT, OpenApiParameter.PATH)
LANG = PDF_LANG
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
REFUSED = {
    400: OpenApiResponse(description="Field errors"),
    404: OpenApiResponse(description="No such breach, or not yours to change"),
    409: OpenApiResponse(description="The workflow does not allow this now"),
}


def _with_relations(qs):
    return qs.select_related("organization").prefetch_related(
        Prefetch("submissions", queryset=BreachSubmission.objects.defer("pdf").order_by("version")),
        "review_events",
        Prefetch(
            "subject_notices",
            queryset=SubjectNotice.objects.annotate(recipient_count=Count("recipients")),
        ),
        "attachments",
    )


def attach_clocks(breaches: list[Breach]) -> None:
    """Give each breach its latest clock per rule (``api_clocks``), in one query for all."""
    if not breaches:
        return
    latest: dict[str, dict[str, Deadline]] = {}
    for deadline in (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Breach),
            object_id__in=[str(b.pk) for b in breaches],
        )
        .exclude(status=Deadline.Status.CANCELLED)
        .order_by("pk")
    ):
        latest.setdefault(deadline.object_id, {})[deadline.rule] = deadline
    for breach in breaches:
        breach.api_clocks = list(latest.get(str(breach.pk), {}).values())


class _BreachListMixin:
    serializer_for_list = BreachSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        attach_clocks(page)
        return self.get_paginated_response(self.serializer_for_list(page, many=True).data)


@extend_schema(tags=["breaches"])
class BreachViewSet(
    _BreachListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Breaches of the user's organisations (Law 91/2025 Art. 23; Decree 356 Art. 28-29)."""

    serializer_class = BreachSerializer
    queryset = Breach.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    renderer_classes = [JSONRenderer, FileRenderer]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Breach.objects.none()
        qs = _with_relations(visible_breaches(self.request.user))
        params = query(self.request, BreachQuery) if self.action == "list" else {}
        if "status" in params:
            qs = qs.filter(status=params["status"])
        if "organization" in params:
            qs = qs.filter(organization_id=params["organization"])
        return qs.order_by("-discovered_at", "-pk")

    def _answer(self, pk, code=status.HTTP_200_OK) -> Response:
        breach = _with_relations(Breach.objects.filter(pk=pk)).get()
        return Response(BreachSerializer(breach).data, status=code)

    def _run(self, pk, serializer_class, run, *, answer=None) -> Response:
        """Gate (404 without the change permission), validate, run the service, answer."""
        breach = get_breach_for_user(self.request.user, pk, CHANGE)
        data = valid_data(serializer_class, self.request) if serializer_class else {}
        result = run_service(lambda: run(breach, data))
        return answer(result) if answer else self._answer(breach.pk)

    @extend_schema(parameters=[BreachQuery])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[BREACH_ID])
    def retrieve(self, request, pk=None):
        return self._answer(get_breach_for_user(request.user, pk).pk)

    @extend_schema(
        request=BreachRecordSerializer, responses={201: BreachSerializer, 400: REFUSED[400]}
    )
    def create(self, request, *args, **kwargs):
        """Record a violation from the short first form; the clocks its flags require start."""
        data = valid_data(BreachRecordSerializer, request)
        organization = get_organization_for_user(request.user, data.pop("organization"), CHANGE)
        breach = run_service(
            lambda: services.breach_record(actor=request.user, organization=organization, **data)
        )
        return self._answer(breach.pk, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachUpdateSerializer,
        responses={200: BreachSerializer, **REFUSED},
    )
    def partial_update(self, request, pk=None):
        """Complete or correct the record; the clocks are chosen again from the new flags."""
        breach = get_breach_for_user(request.user, pk, CHANGE)
        data = valid_data(BreachUpdateSerializer, request, partial=True)
        run_service(lambda: services.breach_update(actor=request.user, breach=breach, **data))
        return self._answer(breach.pk)

    @extend_schema(
        parameters=[BREACH_ID], responses={204: None, 404: REFUSED[404], 409: REFUSED[409]}
    )
    def destroy(self, request, pk=None):
        """Delete the record once its retention period (Decree 356 Art. 29(1)(c)) has ended."""
        breach = get_breach_for_user(request.user, pk, CHANGE)
        run_service(lambda: services.breach_delete(actor=request.user, breach=breach))
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Form 08 and the lifecycle ---------------------------------------------------------------

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachSubmitSerializer,
        responses={201: BreachSubmissionSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send Form 08 to the agency: the initial notification, then supplements."""
        return self._run(
            pk,
            BreachSubmitSerializer,
            lambda b, d: services.breach_submit(actor=request.user, breach=b, **d),
            answer=lambda s: Response(
                BreachSubmissionSerializer(s).data, status=status.HTTP_201_CREATED
            ),
        )

    def _moment(self, pk, service):
        return self._run(
            pk,
            BreachMomentSerializer,
            lambda b, d: service(actor=self.request.user, breach=b, at=d["at"]),
        )

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachMomentSerializer,
        responses={200: BreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def contain(self, request, pk=None):
        """Record that the violation has been stopped (``at``: now if left out)."""
        return self._moment(pk, services.breach_contain)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachMomentSerializer,
        responses={200: BreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def remediate(self, request, pk=None):
        """Record full remediation; the 5-year record-keeping clock starts."""
        return self._moment(pk, services.breach_remediate)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachMomentSerializer,
        responses={200: BreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="controller-notified")
    def controller_notified(self, request, pk=None):
        """Record when the processor told its controller (Law 91/2025 Art. 23(1))."""
        return self._moment(pk, services.breach_controller_notified)

    @extend_schema(
        parameters=[BREACH_ID], request=None, responses={200: BreachSerializer, **REFUSED}
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close a remediated breach whose notices have all gone out."""
        return self._run(pk, None, lambda b, d: services.breach_close(actor=request.user, breach=b))

    @extend_schema(parameters=[BREACH_ID, LANG], responses=PDF)
    @action(detail=True, methods=["get"], url_path="form08")
    def form08(self, request, pk=None):
        """Return the draft Form 08 as it stands now (PDF, marked as a draft)."""
        breach = get_breach_for_user(request.user, pk)
        language = pdf_language(request)
        return pdf_response(
            services.form08_draft_pdf(breach, language=language),
            f"mau-08-{breach.reference}-nhap.pdf",
        )

    @extend_schema(parameters=[BREACH_ID, VERSION, LANG], responses=PDF)
    @action(detail=True, methods=["get"], url_path=r"submissions/(?P<version>\d+)/pdf")
    def submission_pdf(self, request, pk=None, version=None):
        """Return Form 08 of a version as it was sent (``?lang=en``: its English rendering)."""
        return submission_pdf_response(get_breach_for_user(request.user, pk), version, request)

    @extend_schema(parameters=[BREACH_ID, LANG], responses=PDF)
    @action(detail=True, methods=["get"], url_path="record")
    def record(self, request, pk=None):
        """Return the written record of the violation (Law 91/2025 Art. 23(2)) as PDF."""
        breach = get_breach_for_user(request.user, pk)
        language = pdf_language(request)
        return pdf_response(
            services.record_pdf(breach, language=language), f"bien-ban-{breach.reference}.pdf"
        )

    # --- data-subject notices and the public notice ----------------------------------------------

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachNoticeCreateSerializer,
        responses={201: BreachNoticeSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def notices(self, request, pk=None):
        """Write a draft notice with the six contents of Decree 356 Art. 29(2)."""

        def run(breach, data):
            return services.notice_create(
                actor=request.user, breach=breach, **{**services.notice_defaults(breach), **data}
            )

        return self._run(
            pk,
            BreachNoticeCreateSerializer,
            run,
            answer=lambda n: Response(
                BreachNoticeSerializer(n).data, status=status.HTTP_201_CREATED
            ),
        )

    def _notice(self, breach, notice_id) -> SubjectNotice:
        return get_object_or_404(SubjectNotice, pk=notice_id, breach=breach)

    @extend_schema(
        parameters=[BREACH_ID, NOTICE_ID],
        request={"multipart/form-data": BreachRecipientsSerializer},
        responses={
            200: BreachNoticeSerializer,
            400: BreachCsvErrorsSerializer,
            404: REFUSED[404],
            409: REFUSED[409],
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"notices/(?P<notice_id>\d+)/recipients",
        parser_classes=[MultiPartParser, FormParser],
    )
    def notice_recipients(self, request, pk=None, notice_id=None):
        """Replace a draft notice's recipients from a CSV; any bad row refuses the whole file."""

        def run(breach, data):
            notice = self._notice(breach, notice_id)
            # One byte more than allowed is enough for the service to say the file is too big.
            result = services.notice_set_recipients(
                actor=request.user,
                notice=notice,
                data=data["file"].read(services.MAX_CSV_BYTES + 1),
            )
            if not result.ok:
                errors = [{"line": line, "error": str(text)} for line, text in result.errors]
                # Nothing was kept: the answer names every bad row by its line (0: the whole file).
                body = {"file": [e["error"] for e in errors[:20]], "rows": errors}
                return Response(body, status=status.HTTP_400_BAD_REQUEST)
            return notice

        return self._run(
            pk,
            BreachRecipientsSerializer,
            run,
            answer=lambda r: r if isinstance(r, Response) else self._notice_answer(r),
        )

    def _notice_answer(self, notice):
        notice = SubjectNotice.objects.annotate(recipient_count=Count("recipients")).get(
            pk=notice.pk
        )
        return Response(BreachNoticeSerializer(notice).data)

    @extend_schema(
        parameters=[BREACH_ID, NOTICE_ID],
        request=None,
        responses={200: BreachNoticeSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path=r"notices/(?P<notice_id>\d+)/send")
    def notice_send(self, request, pk=None, notice_id=None):
        """Queue one e-mail per recipient through the outbox (once each, whatever retries)."""

        def run(breach, data):
            notice = self._notice(breach, notice_id)
            services.notice_send(actor=request.user, notice=notice)
            return notice

        return self._run(pk, None, run, answer=self._notice_answer)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachPublicNoticeSerializer,
        responses={200: BreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="public-notice/publish")
    def publish_notice(self, request, pk=None):
        """Publish the public notice page (Decree 356 Art. 29(3)) or change its text."""

        def run(breach, data):
            text = data.get("text") or services.public_notice_default(breach)
            return services.breach_publish_notice(actor=request.user, breach=breach, text=text)

        return self._run(pk, BreachPublicNoticeSerializer, run)

    @extend_schema(
        parameters=[BREACH_ID], request=None, responses={200: BreachSerializer, **REFUSED}
    )
    @action(detail=True, methods=["post"], url_path="public-notice/withdraw")
    def withdraw_notice(self, request, pk=None):
        """Take the public notice page down (its text stays in the record)."""
        return self._run(
            pk, None, lambda b, d: services.breach_withdraw_notice(actor=request.user, breach=b)
        )

    # --- attachments (Form 08 section 3) ---------------------------------------------------------

    @extend_schema(
        parameters=[BREACH_ID],
        request={"multipart/form-data": BreachAttachmentUploadSerializer},
        responses={201: BreachAttachmentSerializer, **REFUSED},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="attachments",
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        """Enclose a document (PDF, PNG, JPEG, DOCX, ODT, XLSX; checked by its content)."""
        return self._run(
            pk,
            BreachAttachmentUploadSerializer,
            lambda b, d: services.attachment_add(
                actor=request.user, breach=b, upload=d["file"], description=d["description"]
            ),
            answer=lambda a: Response(
                BreachAttachmentSerializer(a).data, status=status.HTTP_201_CREATED
            ),
        )

    @extend_schema(
        parameters=[BREACH_ID, ATTACHMENT_ID],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment(self, request, pk=None, attachment_id=None):
        """Return an enclosed document (the view is audited)."""
        return attachment_response(request, get_breach_for_user(request.user, pk), attachment_id)

    @extend_schema(
        parameters=[BREACH_ID, ATTACHMENT_ID], request=None, responses={204: None, **REFUSED}
    )
    @attachment.mapping.delete
    def remove_attachment(self, request, pk=None, attachment_id=None):
        """Remove a document not yet sent with a Form 08 (a sent one stays: 409)."""
        breach = get_breach_for_user(request.user, pk, CHANGE)
        attachment = get_object_or_404(breach.attachments.all(), pk=attachment_id)
        run_service(lambda: services.attachment_remove(actor=request.user, attachment=attachment))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- the agency ----------------------------------------------------------------------------------


@extend_schema(tags=["regulator"])
class RegulatorBreachViewSet(
    _BreachListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Notifications submitted to the agency, across organisations; never drafts."""

    serializer_class = RegulatorBreachSerializer
    serializer_for_list = RegulatorBreachSerializer
    queryset = Breach.objects.none()
    permission_classes = [IsAuthenticated, IsRegulator]
    renderer_classes = [JSONRenderer, FileRenderer]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Breach.objects.none()
        qs, _filters = filtered_inbox(self.request)
        return _with_relations(qs).order_by("-submitted_at", "-pk")

    @extend_schema(parameters=[RegulatorBreachQuery])
    def list(self, request, *args, **kwargs):
        query(request, RegulatorBreachQuery)  # 400 for a filter the list would not understand
        return super().list(request, *args, **kwargs)

    def _answer(self, pk) -> Response:
        breach = _with_relations(Breach.objects.filter(pk=pk)).get()
        return Response(RegulatorBreachSerializer(breach).data)

    @extend_schema(parameters=[BREACH_ID])
    def retrieve(self, request, pk=None):
        return self._answer(get_submitted_breach_for_regulator(request.user, pk).pk)

    def _review(self, pk, service) -> Response:
        breach = get_submitted_breach_for_regulator(self.request.user, pk)
        data = valid_data(BreachReviewMessageSerializer, self.request)
        run_service(
            lambda: service(actor=self.request.user, breach=breach, message=data["message"])
        )
        return self._answer(breach.pk)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachReviewMessageSerializer,
        responses={200: RegulatorBreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge receipt of the notification."""
        return self._review(pk, services.breach_acknowledge)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachReviewMessageSerializer,
        responses={200: RegulatorBreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="request-information")
    def request_information(self, request, pk=None):
        """Ask the organisation for more information (``message`` required); it supplements."""
        return self._review(pk, services.breach_request_info)

    @extend_schema(
        parameters=[BREACH_ID],
        request=BreachReviewMessageSerializer,
        responses={200: RegulatorBreachSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """End the agency's handling of the notification."""
        return self._review(pk, services.breach_review_close)

    @extend_schema(parameters=[BREACH_ID, VERSION, LANG], responses=PDF)
    @action(detail=True, methods=["get"], url_path=r"submissions/(?P<version>\d+)/pdf")
    def submission_pdf(self, request, pk=None, version=None):
        """Return Form 08 of a version as it was sent (``?lang=en``: its English rendering)."""
        return submission_pdf_response(
            get_submitted_breach_for_regulator(request.user, pk), version, request
        )

    @extend_schema(
        parameters=[BREACH_ID, ATTACHMENT_ID],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment(self, request, pk=None, attachment_id=None):
        """Return a document enclosed with a Form 08 already sent (the view is audited)."""
        breach = get_submitted_breach_for_regulator(request.user, pk)
        return attachment_response(request, breach, attachment_id, sent_only=True)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("breaches", BreachViewSet, basename="breach")
    router.register("regulator/breaches", RegulatorBreachViewSet, basename="regulator-breach")
