"""Builders for the programme tests: registers and profiles as the organisation keeps them."""

from dossiers.models import ProcessingActivity, Recipient, Transfer
from programme.models import AISystem, ProgrammeProfile


def activity(org, *, sensitive=(), name="Quản lý khách hàng", **extra):
    return ProcessingActivity.objects.create(
        organization=org,
        name=name,
        purpose="Cung cấp dịch vụ",
        role="controller",
        subject_categories=[{"name": "Khách hàng", "count": 10}],
        sensitive_data_types=list(sensitive),
        **extra,
    )


def cloud_transfer(org, *, ended_on=None):
    act = activity(org, name="Lưu trữ đám mây")
    recipient = Recipient.objects.create(
        organization=org, role="processor", name="Cloud Co", country="Singapore"
    )
    return Transfer.objects.create(
        organization=org,
        activity=act,
        kind="cloud_abroad",
        recipient=recipient,
        country="Singapore",
        ended_on=ended_on,
    )


def ai_system(org, *, identifies=False, name="Chấm điểm tín dụng", **extra):
    return AISystem.objects.create(
        organization=org,
        name=name,
        purpose="Chấm điểm khách hàng",
        identifies_people=identifies,
        explanation_vi="Hệ thống dùng lịch sử giao dịch để chấm điểm.",
        explanation_en="The system scores customers from their transaction history.",
        **extra,
    )


def profile(org, **flags):
    return ProgrammeProfile.objects.update_or_create(organization=org, defaults=flags)[0]
