"""`manage.py deadline RULE START [--calendar ...] [--extend DAYS] [--explain]` and `--list`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from pdp_portal.clock.calendars import format_date, weekday_name
from pdp_portal.clock.counting import ClockError, compute, iso, parse_start
from pdp_portal.clock.rules import RULES

# DESIGN section 2: bad input answers one line on stderr and exit status 2 (argparse's own).
EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Tính hạn của một quy tắc thời hạn (Bộ luật Dân sự 2015 Điều 147-148, giờ Việt Nam)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("rule", nargs="?", help="mã quy tắc, ví dụ rights.respond")
        parser.add_argument(
            "start", nargs="?", help="ISO 8601 có độ lệch múi giờ, hoặc một ngày (00:00 giờ VN)"
        )
        parser.add_argument("--calendar", help="statutory | public_sector")
        parser.add_argument("--extend", help="số ngày gia hạn (một lần)")
        parser.add_argument("--explain", action="store_true", help="liệt kê các ngày đã tính")
        parser.add_argument("--list", action="store_true", help="in danh mục quy tắc")

    def handle(self, *args, **options):
        if options["list"]:
            self.print_catalogue()
            return
        try:
            result = self.compute(options)
        except ClockError as error:
            self.fail(str(error))
            return
        self.stdout.write(iso(result.due_at))
        if result.provisional:
            # Not on stdout: scripts read the first line; people read this.
            reasons = "; ".join(result.as_dict(explain=False)["provisional_reasons"])
            self.stderr.write(
                f"tạm tính / provisional: {reasons}; hạn sẽ được tính lại khi lịch được xác nhận."
            )
        if options["explain"]:
            self.print_explanation(result)

    def compute(self, options):
        if not options["rule"] or not options["start"]:
            raise ClockError("Cần RULE và START (hoặc --list).")
        extend = options["extend"]
        if extend is not None:
            try:
                extend = int(extend)
            except ValueError:
                raise ClockError(f"--extend: “{extend}” không phải số ngày.") from None
        return compute(
            options["rule"],
            parse_start(options["start"]),
            calendar=options["calendar"],
            extend_days=extend,
        )

    def fail(self, message: str) -> None:
        line = " ".join(message.split())
        if getattr(self, "_called_from_command_line", False):
            # One plain line, not Django's "CommandError: ..." with exit status 1.
            self.stderr.write(line)
            sys.exit(EXIT_BAD_INPUT)
        raise CommandError(line, returncode=EXIT_BAD_INPUT)

    def print_explanation(self, result) -> None:
        self.stdout.write(
            f"# {result.rule.code}: {result.rule.period} {result.rule.unit_label}, "
            f"{result.calendar}, {result.basis}"
        )
        if result.extend_days:
            self.stdout.write(f"# original_due_at {iso(result.original_due_at)}")
        for step in result.explanation:
            mark = "+" if step.counted else "-"
            self.stdout.write(
                f"{format_date(step.date)} {weekday_name(step.date):<8} {mark} {step.reason}"
            )

    def print_catalogue(self) -> None:
        for rule in RULES.values():
            extension = f"+{rule.max_extension_days}" if rule.max_extension_days else "-"
            self.stdout.write(
                f"{rule.code:<28} {rule.period:>3} {rule.unit:<12} {rule.party:<12} "
                f"{rule.default_calendar:<13} {extension:>3}  {rule.basis}"
            )
