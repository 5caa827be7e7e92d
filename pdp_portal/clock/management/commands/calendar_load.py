"""`manage.py calendar_load FILE`: load a calendar year's decision and recompute open clocks."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pdp_portal.clock import yearfile
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import calendar_year_load

ACTOR = "clock.calendar_load"


class Command(BaseCommand):
    help = (
        "Nạp lịch một năm (trạng thái, văn bản, ngày nghỉ, ngày làm việc) từ tệp TOML và tính lại "
        "các thời hạn đang chạy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="tệp TOML, ví dụ pdp_portal/clock/calendar_years/2027.toml"
        )

    def handle(self, *args, **options):
        try:
            text = Path(options["file"]).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            data = yearfile.parse(text)
            result = calendar_year_load(data=data, actor=ACTOR)
        except ClockError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "{year} {status}: {days_changed} ngày thay đổi, {checked} thời hạn đã tính lại, "
            "{moved} thời hạn đổi hạn, {failed} lỗi".format(**result)
        )
