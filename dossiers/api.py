"""The register and the impact dossiers under /api/v1/: every action of the staff and agency pages.

Same gates as the pages: organisation staff reach their organisations' register and dossiers
(writes need the change permission; without it the answer is 404, as for a missing row); the
agency reaches filed dossiers only, never drafts, under /api/v1/regulator/dossiers/. Every write
calls the service the pages call, so the clocks, change records and audit events follow. Service
refusals answer 400 with field errors (bad input) or 409 (a move the workflow does not allow).

The register's endpoints live in ``register_api``, what both share in ``api_base``; every name
stays importable from here, and ``register`` puts them all on the router.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pdp_portal.apivalidation import PDF_LANG, FileRenderer, IsRegulator, OrganizationQuery, query
from pdp_portal.clock.models import Deadline
from pdp_portal.downloads import document_response, pdf_language
from pdp_portal.organizations.permissions import (
    CHANGE,
    VIEW,
    get_organization_for_user,
    visible_organizations,
)
from pdp_portal.workflow import ServiceConflict

from . import documents, services
from .api_base import (  # noqa: F401
    COMPARE,
    DOC,
    DOSSIER_ID,
    ENCLOSURE_ID,
    FILE,
    NUMBER,
    PDF,
    PDFS,
    REFUSED,
    ZIP,
    DossierQuery,
    RequiredOrganizationQuery,
    _id,
    _run,
    _valid,
)
from .catalogue import PROCESSING, TRANSFER
from .models import (
    AWAITING_AGENCY,
    Dossier,
    DossierEnclosure,
    DossierVersion,
    ReviewEvent,
    VersionEnclosure,
)
from .permissions import (
    get_dossier_for_user,
    get_submitted_dossier_for_regulator,
    submitted_dossiers,
    visible_dossiers,
)
from .register_api import (  # noqa: F401
    ProcessingActivityViewSet,
    ProcessingRecipientViewSet,
    ProcessingTransferViewSet,
    RegisterChangeViewSet,
    _register_schema,
    _RegisterViewSet,
)
from .serializers import (
    DossierAnswersSerializer,
    DossierCompareSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierEnclosureSerializer,
    DossierEnclosureUploadSerializer,
    DossierOrganizationRequirementSerializer,
    DossierRegisterChangeSerializer,
    DossierSerializer,
    DossierSubmitSerializer,
    DossierUpdateSubmitSerializer,
    DossierVersionDetailSerializer,
    DossierVersionSerializer,
    RegulatorDossierAssignSerializer,
    RegulatorDossierDecisionSerializer,
    RegulatorDossierDetailSerializer,
    RegulatorDossierSerializer,
    sections_data,
)
from .views import _file_response, compare_context, package_zip, pdf_response, version_pdf

# --- clocks, latest version and sanction flag of many dossiers at once ---------------------------


def attach(dossiers: list[Dossier]) -> None:
    """Give each dossier ``api_clocks``, ``api_latest`` and ``api_flag`` in a fixed number of queries.

    The clocks are those of ``services.dossier_deadlines``: the dossier's own, then its latest
    version's (the agency's review clock), the latest of each rule, cancelled ones left out.
    """
    if not dossiers:
        return
    latest: dict[int, DossierVersion] = {}
    for version in (
        DossierVersion.objects.filter(dossier__in=dossiers)
        .only("pk", "dossier_id", "number", "kind", "submitted_at")
        .order_by("dossier_id", "-number")
    ):
        latest.setdefault(version.dossier_id, version)
    dossier_ct = ContentType.objects.get_for_model(Dossier)
    version_ct = ContentType.objects.get_for_model(DossierVersion)
    owner = {str(v.pk): dossier_id for dossier_id, v in latest.items()}
    own: dict[int, dict] = {}
    of_version: dict[int, dict] = {}
    complete: dict[int, Deadline] = {}
    for deadline in Deadline.objects.filter(
        Q(content_type=dossier_ct, object_id__in=[str(d.pk) for d in dossiers])
        | Q(content_type=version_ct, object_id__in=list(owner))
    ).order_by("pk"):
        if deadline.content_type_id == dossier_ct.pk:
            dossier_id, bucket = int(deadline.object_id), own
            if deadline.rule == services.COMPLETE:
                complete[dossier_id] = deadline
        else:
            dossier_id, bucket = owner[deadline.object_id], of_version
        if deadline.status != Deadline.Status.CANCELLED:
            bucket.setdefault(dossier_id, {})[deadline.rule] = deadline
    for dossier in dossiers:
        clocks = {**own.get(dossier.pk, {}), **of_version.get(dossier.pk, {})}
        dossier.api_clocks = list(clocks.values())
        dossier.api_latest = latest.get(dossier.pk)
        lapse = complete.get(dossier.pk)
        dossier.api_flag = services.sanction_flag(dossier, lapse) if lapse else None


def _versions(dossier: Dossier) -> list[DossierVersion]:
    versions = list(
        dossier.versions.defer("notice_pdf", "report_pdf", "update_pdf", "snapshot")
        .select_related("submitted_by")
        .prefetch_related("enclosures")
        .order_by("number")
    )
    return services.read_change_summaries(dossier, versions)


def _with_events(qs):
    return qs.select_related("organization", "assigned_reviewer").prefetch_related(
        Prefetch("review_events", queryset=ReviewEvent.objects.select_related("version"))
    )


def requirement_data(requirement: services.Requirement) -> dict:
    return {
        "required": requirement.required,
        "optional": requirement.optional,
        "reason": str(requirement.reason),
        "basis": str(requirement.basis),
        "start": requirement.start,
        "exempt_transfers": [
            {"transfer": t.pk, "country": t.country, "reason": str(label)}
            for t, label in requirement.exemptions
        ],
    }


def describe(pk) -> Dossier:
    """Return the dossier with everything the staff detail page shows, for DossierDetailSerializer."""
    dossier = _with_events(Dossier.objects.filter(pk=pk)).prefetch_related("enclosures").get()
    attach([dossier])
    snapshot = documents.build_snapshot(dossier)
    dossier.api_answers = documents.effective_answers(dossier)
    dossier.api_sections = sections_data(dossier.kind)
    dossier.api_requirement = requirement_data(
        services.requirement(dossier.organization, dossier.kind)
    )
    dossier.api_missing = [
        {"section": section, "items": items}
        for section, items in documents.missing_by_section(dossier, snapshot)
    ]
    dossier.api_editable = dossier.status not in AWAITING_AGENCY
    dossier.api_can_submit = dossier.status in (
        Dossier.Status.DRAFT,
        Dossier.Status.COMPLETION_REQUESTED,
        Dossier.Status.ACCEPTED,
    )
    request = services.open_completion_request(dossier)
    dossier.api_completion_request = request.pk if request else None
    dossier.api_pending = services.pending_changes(dossier)
    dossier.api_versions = _versions(dossier)
    return dossier


def describe_for_agency(pk) -> Dossier:
    """Return a filed dossier with its versions and review, for RegulatorDossierDetailSerializer."""
    dossier = _with_events(Dossier.objects.filter(pk=pk)).get()
    attach([dossier])
    dossier.api_versions = _versions(dossier)
    dossier.api_can_decide = dossier.status in AWAITING_AGENCY
    return dossier


# --- dossiers: what staff and the agency share ---------------------------------------------------


class _VersionsMixin:
    """Versions, their PDFs, enclosures and packages, and the comparison, behind ``gate``."""

    def gate(self, pk) -> Dossier:
        raise NotImplementedError

    def _version(self, pk, number, *, full=False) -> DossierVersion:
        qs = DossierVersion.objects.select_related("dossier", "submitted_by")
        if not full:
            qs = qs.defer("notice_pdf", "report_pdf", "update_pdf")
        return get_object_or_404(qs, dossier=self.gate(pk), number=number)

    @extend_schema(parameters=[DOSSIER_ID], responses=DossierVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        """Return every submitted version, oldest first, with the hashes of its documents."""
        return Response(DossierVersionSerializer(_versions(self.gate(pk)), many=True).data)

    @extend_schema(parameters=[DOSSIER_ID, NUMBER], responses=DossierVersionDetailSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version(self, request, pk=None, number=None):
        """Return one version with its whole frozen content."""
        version = self._version(pk, number)
        services.read_change_summaries(version.dossier, [version])
        return Response(DossierVersionDetailSerializer(version).data)

    @extend_schema(parameters=[DOSSIER_ID, NUMBER, DOC, PDF_LANG], responses=PDF)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"versions/(?P<number>\d+)/pdf/(?P<doc>notice|report|update)",
    )
    def version_pdf(self, request, pk=None, number=None, doc=None):
        """Return a frozen PDF of the version: the notice, the report or the update form
        (``?lang=en``: its English rendering, made from the same snapshot)."""
        data, name = version_pdf(self._version(pk, number, full=True), doc, pdf_language(request))
        return pdf_response(data, name)

    @extend_schema(parameters=[DOSSIER_ID, NUMBER, ENCLOSURE_ID], responses=FILE)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"versions/(?P<number>\d+)/enclosures/(?P<enclosure_id>\d+)",
    )
    def version_enclosure(self, request, pk=None, number=None, enclosure_id=None):
        """Return an enclosure as submitted; refused (404) if its file no longer matches its hash."""
        version = self._version(pk, number)
        item = get_object_or_404(VersionEnclosure, pk=enclosure_id, version=version)
        return _file_response(item, check_hash=True)

    @extend_schema(parameters=[DOSSIER_ID, NUMBER], responses=ZIP)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)/package")
    def package(self, request, pk=None, number=None):
        """Return the filing package (ZIP of the PDFs and enclosures, named for the national portal)."""
        version = self._version(pk, number, full=True)
        return document_response(
            package_zip(version),
            filename=f"ho-so-{version.dossier.reference}-v{version.number}.zip",
            content_type="application/zip",
        )

    @extend_schema(parameters=[DOSSIER_ID, *COMPARE], responses=DossierCompareSerializer)
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        """Compare two versions field by field (by default the latest with the one before)."""
        ctx = compare_context(self.gate(pk), request)
        return Response(
            DossierCompareSerializer(
                {"a": ctx["a"].number, "b": ctx["b"].number, "rows": ctx["rows"]}
            ).data
        )


# --- dossiers: the organisation ------------------------------------------------------------------


@extend_schema(tags=["dossiers"])
class DossierViewSet(
    _VersionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Impact dossiers of the user's organisations (Law 91/2025 Art. 20-22; Decree 356 Art. 17-20)."""

    serializer_class = DossierSerializer
    queryset = Dossier.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    renderer_classes = [JSONRenderer, FileRenderer]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def gate(self, pk, perm=VIEW) -> Dossier:
        return get_dossier_for_user(self.request.user, pk, perm)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dossier.objects.none()
        qs = visible_dossiers(self.request.user).select_related("organization")
        params = query(self.request, DossierQuery) if self.action == "list" else {}
        if "organization" in params:
            qs = qs.filter(organization_id=params["organization"])
        if "kind" in params:
            qs = qs.filter(kind=params["kind"])
        if "status" in params:
            qs = qs.filter(status=params["status"])
        return qs.order_by("organization__name", "kind", "pk")

    def _answer(self, pk, code=status.HTTP_200_OK) -> Response:
        return Response(DossierDetailSerializer(describe(pk)).data, status=code)

    @extend_schema(parameters=[DossierQuery])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        attach(page)
        return self.get_paginated_response(DossierSerializer(page, many=True).data)

    @extend_schema(parameters=[DOSSIER_ID], responses=DossierDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._answer(self.gate(pk).pk)

    @extend_schema(
        request=DossierCreateSerializer,
        responses={
            200: DossierDetailSerializer,
            201: DossierDetailSerializer,
            400: REFUSED[400],
            404: REFUSED[404],
        },
    )
    def create(self, request, *args, **kwargs):
        """Open the organisation's draft of a kind (201), or return the one it has (200)."""
        data = _valid(DossierCreateSerializer, request)
        organization = get_organization_for_user(request.user, data["organization"], CHANGE)
        existed = Dossier.objects.filter(organization=organization, kind=data["kind"]).exists()
        dossier = _run(
            lambda: services.dossier_open(
                actor=request.user, organization=organization, kind=data["kind"]
            )
        )
        return self._answer(dossier.pk, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=DossierAnswersSerializer,
        responses={200: DossierDetailSerializer, **REFUSED},
    )
    def partial_update(self, request, pk=None):
        """Save the parts the DPO writes; refused (409) while the agency has the dossier."""
        dossier = self.gate(pk, CHANGE)
        data = _valid(DossierAnswersSerializer, request, context={"kind": dossier.kind})
        _run(
            lambda: services.dossier_save_answers(
                actor=request.user, dossier=dossier, answers=data["answers"]
            )
        )
        return self._answer(dossier.pk)

    # --- the workflow ----------------------------------------------------------------------------

    def _submit(self, request, pk, serializer_class):
        dossier = self.gate(pk, CHANGE)
        data = _valid(serializer_class, request)
        version = _run(lambda: services.dossier_submit(actor=request.user, dossier=dossier, **data))
        version = self._version(dossier.pk, version.number)
        services.read_change_summaries(dossier, [version])
        return Response(DossierVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=DossierSubmitSerializer,
        responses={201: DossierVersionSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Freeze a new version and send it: a draft, an answer to a completion request, or an update.

        An incomplete dossier is refused (400) with what is missing, section by section.
        """
        return self._submit(request, pk, DossierSubmitSerializer)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=DossierUpdateSubmitSerializer,
        responses={201: DossierVersionSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="submit-update")
    def submit_update(self, request, pk=None):
        """File an update of an accepted dossier (Form 03a/03b: what changed, from the diff, and why)."""
        dossier = self.gate(pk, CHANGE)
        if dossier.status != Dossier.Status.ACCEPTED:
            raise ServiceConflict(
                {
                    "detail": _(
                        "Chỉ cập nhật được hồ sơ đã được xác nhận đạt yêu cầu (trạng thái hiện tại: "
                        "“%(status)s”)."
                    )
                    % {"status": dossier.get_status_display()}
                }
            )
        return self._submit(request, pk, DossierUpdateSubmitSerializer)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=DossierRegisterChangeSerializer,
        responses={201: DossierRegisterChangeSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="declare-change")
    def declare_change(self, request, pk=None):
        """Declare a change of the dossier's organisation that makes an update due (Decree 356 Art. 20)."""
        dossier = self.gate(pk, CHANGE)
        sent = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        body = {"organization": dossier.organization_id, "scope": dossier.kind, **sent}
        serializer = DossierRegisterChangeSerializer(data=body)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("organization_id") != dossier.organization_id:
            raise exceptions.ValidationError(
                {"organization": [_("Thay đổi phải thuộc tổ chức của hồ sơ.")]}
            )
        change = _run(
            lambda: services.change_declare(
                actor=request.user, organization=dossier.organization, **data
            )
        )
        return Response(
            DossierRegisterChangeSerializer(change).data, status=status.HTTP_201_CREATED
        )

    # --- enclosures and drafts -------------------------------------------------------------------

    @extend_schema(
        parameters=[DOSSIER_ID],
        request={"multipart/form-data": DossierEnclosureUploadSerializer},
        responses={201: DossierEnclosureSerializer, **REFUSED},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="enclosures",
        parser_classes=[MultiPartParser, FormParser],
    )
    def enclosures(self, request, pk=None):
        """Attach a document (PDF, PNG, JPEG, DOCX, ODT, XLSX; size and content checked)."""
        dossier = self.gate(pk, CHANGE)
        data = _valid(DossierEnclosureUploadSerializer, request)
        enclosure = _run(
            lambda: services.enclosure_add(
                actor=request.user,
                dossier=dossier,
                upload=data["file"],
                category=data["category"],
                description=data["description"],
            ),
            field="file",
        )
        return Response(DossierEnclosureSerializer(enclosure).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[DOSSIER_ID, ENCLOSURE_ID], responses=FILE)
    @action(detail=True, methods=["get"], url_path=r"enclosures/(?P<enclosure_id>\d+)")
    def enclosure(self, request, pk=None, enclosure_id=None):
        """Return a document attached to the working dossier."""
        item = get_object_or_404(DossierEnclosure, pk=enclosure_id, dossier=self.gate(pk))
        return _file_response(item, check_hash=False)

    @extend_schema(
        parameters=[DOSSIER_ID, ENCLOSURE_ID],
        responses={204: None, 404: REFUSED[404], 409: REFUSED[409]},
    )
    @enclosure.mapping.delete
    def enclosure_remove(self, request, pk=None, enclosure_id=None):
        """Remove a document from the working dossier (a submitted version keeps its copy)."""
        dossier = self.gate(pk, CHANGE)
        item = get_object_or_404(DossierEnclosure, pk=enclosure_id, dossier=dossier)
        _run(lambda: services.enclosure_remove(actor=request.user, dossier=dossier, enclosure=item))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[DOSSIER_ID, DOC], responses=PDF)
    @action(detail=True, methods=["get"], url_path=r"preview/(?P<doc>notice|report|update)")
    def preview(self, request, pk=None, doc=None):
        """Return the notice, report or update form as it stands now (PDF marked as a draft)."""
        dossier = self.gate(pk)
        snapshot = documents.build_snapshot(
            dossier, at=timezone.now(), place=documents.default_place(dossier.organization)
        )
        if doc == "notice":
            pdf = documents.render_notice(snapshot, draft=True)
        elif doc == "report":
            pdf = documents.render_report(snapshot, draft=True)
        else:
            last = dossier.versions.order_by("-number").first()
            if last is None:
                raise Http404
            rows = documents.diff(last.snapshot, snapshot)
            pdf = documents.render_update(
                snapshot, change_summary=documents.diff_summary(rows), change_reason="", draft=True
            )
        return pdf_response(pdf, f"{doc}-{dossier.reference}-nhap.pdf")

    @extend_schema(
        parameters=[OrganizationQuery],
        responses=DossierOrganizationRequirementSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def requirements(self, request):
        """Return, per organisation and kind, whether a dossier is due, why, from when (or why not)."""
        organizations = visible_organizations(request.user).order_by("name")
        if organization := query(request, OrganizationQuery):
            organizations = organizations.filter(pk=organization["organization"])
        rows = []
        for org in organizations:
            for kind in (PROCESSING, TRANSFER):
                rows.append(
                    {
                        "organization": org.pk,
                        "kind": kind,
                        **requirement_data(services.requirement(org, kind)),
                    }
                )
        return Response(DossierOrganizationRequirementSerializer(rows, many=True).data)


# --- dossiers: the agency ------------------------------------------------------------------------


class RegulatorDossierQuery(serializers.Serializer):
    """The agency's filters of the dossier list, each checked: a value it does not know is
    refused, never ignored."""

    status = serializers.ChoiceField(
        choices=[s for s in Dossier.Status.values if s != Dossier.Status.DRAFT], required=False
    )
    mine = serializers.ChoiceField(choices=["1"], required=False, help_text="Assigned to me")
    flagged = serializers.ChoiceField(choices=["1"], required=False, help_text="Lapsed")
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Organisation, tax code, reference"
    )


@extend_schema(tags=["regulator"])
class RegulatorDossierViewSet(
    _VersionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Dossiers filed with the agency, across organisations; never drafts."""

    serializer_class = RegulatorDossierSerializer
    queryset = Dossier.objects.none()
    permission_classes = [IsAuthenticated, IsRegulator]
    renderer_classes = [JSONRenderer, FileRenderer]

    def gate(self, pk) -> Dossier:
        return get_submitted_dossier_for_regulator(self.request.user, pk)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dossier.objects.none()
        qs = submitted_dossiers(self.request.user).select_related(
            "organization", "assigned_reviewer"
        )
        params = query(self.request, RegulatorDossierQuery) if self.action == "list" else {}
        if "status" in params:
            qs = qs.filter(status=params["status"])
        if params.get("mine") == "1":
            qs = qs.filter(assigned_reviewer=self.request.user)
        q = params.get("q", "").strip()
        if q:
            qs = qs.filter(
                Q(organization__name__icontains=q)
                | Q(reference__icontains=q)
                | Q(organization__tax_code__icontains=q)
            )
        if params.get("flagged") == "1":
            lapsed = Deadline.objects.filter(
                content_type=ContentType.objects.get_for_model(Dossier),
                object_id=Cast(OuterRef("pk"), CharField()),
                rule=services.COMPLETE,
            ).filter(
                Q(status=Deadline.Status.OVERDUE)
                | Q(status=Deadline.Status.MET, breached_at__isnull=False)
            )
            qs = qs.filter(Exists(lapsed))
        return qs.order_by("-last_filed_at", "-pk")

    @extend_schema(parameters=[RegulatorDossierQuery])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        attach(page)
        return self.get_paginated_response(RegulatorDossierSerializer(page, many=True).data)

    def _answer(self, pk) -> Response:
        return Response(RegulatorDossierDetailSerializer(describe_for_agency(pk)).data)

    @extend_schema(parameters=[DOSSIER_ID], responses=RegulatorDossierDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._answer(self.gate(pk).pk)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=RegulatorDossierAssignSerializer,
        responses={200: RegulatorDossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Make a reviewer of the agency responsible for the dossier and its review clock."""
        dossier = self.gate(pk)
        data = _valid(RegulatorDossierAssignSerializer, request)
        _run(
            lambda: services.dossier_assign(
                actor=request.user, dossier=dossier, reviewer=data["reviewer"]
            )
        )
        return self._answer(dossier.pk)

    def _decide(self, pk, service) -> Response:
        dossier = self.gate(pk)
        data = _valid(RegulatorDossierDecisionSerializer, self.request)
        _run(lambda: service(actor=self.request.user, dossier=dossier, reasons=data["reasons"]))
        return self._answer(dossier.pk)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=RegulatorDossierDecisionSerializer,
        responses={200: RegulatorDossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Decide that the dossier meets the requirements (Decree 356 Art. 18(5), 19(5))."""
        return self._decide(pk, services.dossier_accept)

    @extend_schema(
        parameters=[DOSSIER_ID],
        request=RegulatorDossierDecisionSerializer,
        responses={200: RegulatorDossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="request-completion")
    def request_completion(self, request, pk=None):
        """Ask for completion with reasons (required); the organisation's 30-day clock opens."""
        return self._decide(pk, services.dossier_request_completion)


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register(
        "processing-activities", ProcessingActivityViewSet, basename="processing-activity"
    )
    router.register(
        "processing-recipients", ProcessingRecipientViewSet, basename="processing-recipient"
    )
    router.register(
        "processing-transfers", ProcessingTransferViewSet, basename="processing-transfer"
    )
    from .domestic_api import ProcessingDomesticTransferViewSet

    router.register(
        "processing-domestic-transfers",
        ProcessingDomesticTransferViewSet,
        basename="processing-domestic-transfer",
    )
    router.register("register-changes", RegisterChangeViewSet, basename="register-change")
    router.register("dossiers", DossierViewSet, basename="dossier")
    router.register("regulator/dossiers", RegulatorDossierViewSet, basename="regulator-dossier")
