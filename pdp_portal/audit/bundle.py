"""The audit section of the inspection bundle: the log of the period, its proofs and their check."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.filings.bundle import in_period, register_section

from . import keys
from .models import AuditEvent
from .services import checkpoint_payload, inclusion_proofs, latest_checkpoint
from .verify import audit_verify_organization

EVENT_COLUMNS = (
    "id",
    "created_at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "message",
    "params",
    "seq",
    "leaf_hash",
)
# Events proved per query of the tree's nodes: bounded memory however long the period.
PROOF_BATCH = 1000


def build(organization, period_start, period_end, writer):
    """Write the period's events (CSV), their inclusion proofs, the checkpoint and the check."""
    start, end = in_period(period_start, period_end)
    events = AuditEvent.objects.filter(
        organization=organization, created_at__gte=start, created_at__lt=end
    ).order_by("id")
    count = writer.add_query("nhat-ky.csv", events, EVENT_COLUMNS)
    checkpoint = latest_checkpoint()
    proved = 0
    if checkpoint is not None:
        lines: list[str] = []
        batch: list[AuditEvent] = []
        sealed = events.filter(seq__isnull=False, seq__lt=checkpoint.tree_size)
        for event in sealed.iterator(chunk_size=PROOF_BATCH):
            batch.append(event)
            if len(batch) == PROOF_BATCH:
                lines.extend(_proof_lines(batch, checkpoint))
                batch = []
        lines.extend(_proof_lines(batch, checkpoint))
        proved = len(lines)
        writer.add_bytes("bang-chung-bao-gom.jsonl", "".join(lines).encode())
        writer.add_json(
            "diem-kiem-tra.json",
            {"payload": checkpoint_payload(checkpoint), "signature": checkpoint.signature},
        )
        writer.add_json("khoa-cong-khai.jwks.json", keys.jwks())
    result = audit_verify_organization(organization)
    verdict = {
        "ok": result.ok,
        "events_checked": result.events,
        "unsealed": result.unsealed,
        "checkpoint_size": checkpoint.tree_size if checkpoint else None,
        "broken": str(result.broken) if result.broken else None,
    }
    writer.add_json("ket-qua-kiem-tra.json", verdict)
    if result.ok and checkpoint is not None:
        outcome = _("Toàn vẹn: mọi sự kiện đã niêm phong khớp với điểm kiểm tra đã ký")
    elif checkpoint is None:
        outcome = _("Chưa có điểm kiểm tra đã ký")
    else:
        outcome = _("Không toàn vẹn: %(reason)s") % {"reason": str(result.broken)}
    return [
        (_("Sự kiện trong kỳ"), count),
        (_("Sự kiện có bằng chứng bao gồm"), proved),
        (_("Sự kiện chưa niêm phong"), result.unsealed),
        (
            _("Điểm kiểm tra đã ký mới nhất"),
            f"{checkpoint.tree_size} · {checkpoint.root_hash}" if checkpoint else "—",
        ),
        (_("Kết quả kiểm tra nhật ký"), outcome),
    ]


def _proof_lines(events, checkpoint) -> list[str]:
    proofs = inclusion_proofs(events, checkpoint)
    return [json.dumps(proofs[e.pk], ensure_ascii=False) + "\n" for e in events if e.pk in proofs]


register_section(
    "audit",
    title=gettext_noop("Nhật ký kiểm toán: kết quả kiểm tra và bằng chứng"),
    order=90,
    builder=build,
)
