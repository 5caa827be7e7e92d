"""The inspection bundle (Decree 356 Art. 31(5)): one ZIP of everything an inspection asks for.

Each app adds its own section in ``<app>/bundle.py`` with ``register_section`` (found by the
autodiscovery of ``FilingsConfig.ready``); this module imports no app. A section's builder gets
the organisation, the period inspected and a ``SectionWriter`` that streams files and CSV logs
into the ZIP under the section's folder, and returns the lines of its summary in the index.
``build_bundle`` runs the sections the inspection's contents ask for, then writes the index PDF
(Vietnamese) and a SHA256SUMS file of every entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone, translation

from pdp_portal.pdf import render_pdf

# Files are copied into the ZIP in pieces of this size: a large enclosure never sits in memory.
CHUNK = 1024 * 1024
INDEX_NAME = "00-muc-luc.pdf"
SUMS_NAME = "SHA256SUMS"
# Rows fetched per round trip (a server-side cursor) when a log is streamed as CSV.
QUERY_CHUNK = 2000


@dataclass(frozen=True)
class Section:
    """One part of the bundle: where it goes (order, folder), what it answers, how it is built."""

    code: str
    title: str  # a message key (Vietnamese msgid), rendered in the index's language
    order: int
    builder: Callable
    # The inspection contents (Decree 356 Art. 31(3): "compliance", "impact_assessment",
    # "processing_services") the section answers; empty: every inspection.
    contents: tuple[str, ...] = ()


_SECTIONS: dict[str, Section] = {}


def register_section(
    code: str, *, title: str, order: int, builder: Callable, contents: Iterable[str] = ()
) -> Section:
    """Add a section to the bundle (idempotent per code: a reloaded module replaces its own)."""
    section = Section(code, str(title), order, builder, tuple(contents))
    _SECTIONS[code] = section
    return section


def sections_for(contents: Iterable[str] | None = None) -> list[Section]:
    """Return the sections answering any of ``contents`` (all when None), in their order."""
    wanted = set(contents) if contents is not None else None
    return sorted(
        (
            s
            for s in _SECTIONS.values()
            if wanted is None or not s.contents or wanted.intersection(s.contents)
        ),
        key=lambda s: (s.order, s.code),
    )


@dataclass
class Entry:
    name: str
    size: int
    sha256: str


class _HashingWriter(io.RawIOBase):
    """A writable stream that hashes and counts what goes through to the ZIP entry."""

    def __init__(self, target):
        self.target = target
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


@dataclass
class SectionWriter:
    """Write one section's files into the bundle, under its folder, remembering each entry."""

    zf: zipfile.ZipFile
    folder: str
    entries: list[Entry] = field(default_factory=list)

    def _open(self, name: str):
        # A name from the data (a reference, an uploaded file's name) never leaves its folder.
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        path = "/".join([self.folder, *parts] if self.folder else parts)
        info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        return path, self.zf.open(info, "w", force_zip64=True)

    def _done(self, path: str, writer: _HashingWriter) -> Entry:
        entry = Entry(path, writer.size, writer.hash.hexdigest())
        self.entries.append(entry)
        return entry

    def add_bytes(self, name: str, data: bytes) -> Entry:
        path, handle = self._open(name)
        with handle:
            writer = _HashingWriter(handle)
            writer.write(data)
        return self._done(path, writer)

    def add_file(self, name: str, fieldfile) -> Entry | None:
        """Copy a stored file (a FileField's file) into the bundle; None if it is missing."""
        try:
            source = fieldfile.open("rb")
        except (FileNotFoundError, ValueError, OSError):
            return None
        path, handle = self._open(name)
        with source, handle:
            writer = _HashingWriter(handle)
            while chunk := source.read(CHUNK):
                writer.write(chunk)
        return self._done(path, writer)

    def add_json(self, name: str, value) -> Entry:
        return self.add_bytes(
            name, json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()
        )

    def add_csv(self, name: str, header: list[str], rows: Iterable[Iterable]) -> int:
        """Stream ``rows`` (an iterator: a queryset's ``values_list().iterator()``) as CSV.

        Return the number of rows written. UTF-8 with a byte-order mark, so a spreadsheet
        opens the Vietnamese text as it is.
        """
        path, handle = self._open(name)
        count = 0
        with handle:
            writer = _HashingWriter(handle)
            text = io.TextIOWrapper(writer, encoding="utf-8-sig", newline="", write_through=True)
            out = csv.writer(text)
            out.writerow(header)
            for row in rows:
                out.writerow([_cell(v) for v in row])
                count += 1
            text.flush()
            text.detach()
        self._done(path, writer)
        return count

    def add_binaries(self, queryset, keys: Iterable[str], files: Callable[..., dict]) -> int:
        """Write the binary columns (the PDFs as filed) of each row of ``queryset``.

        ``files(*values of keys)`` maps the row's binary fields to their names in the bundle; an
        empty column is left out. One row's binaries are read at a time, never all at once.
        Return the number of rows.
        """
        model = queryset.model
        count = 0
        for pk, *values in queryset.values_list("pk", *keys).iterator():
            names = files(*values)
            row = model.objects.only(*names).get(pk=pk)
            for field_name, name in names.items():
                data = getattr(row, field_name)
                if data:
                    self.add_bytes(name, bytes(data))
            count += 1
        return count

    def add_query(self, name: str, queryset, columns) -> int:
        """Stream the ``columns`` of ``queryset`` (field names, ``a__b`` lookups) as CSV."""
        columns = list(columns)
        return self.add_csv(
            name, columns, queryset.values_list(*columns).iterator(chunk_size=QUERY_CHUNK)
        )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def in_period(period_start: dt.date, period_end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the instants that bound the period (from its first day to the end of its last)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def alive_during(queryset, began: str, ended: str, period_start: dt.date, period_end: dt.date):
    """Return the rows of ``queryset`` that existed during the period: begun (``began``) before
    its end, and not ended (``ended`` empty) or ended within or after it."""
    start, end = in_period(period_start, period_end)
    return queryset.filter(**{f"{began}__lt": end}).filter(
        Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": start})
    )


def count_by_status(queryset, choices, field_name: str = "status") -> list[tuple]:
    """Return (label, count) of each status the rows of ``queryset`` have, in code order."""
    counts = (
        queryset.order_by().values_list(field_name).annotate(n=Count("pk")).order_by(field_name)
    )
    return [(choices(code).label, n) for code, n in counts]


def build_bundle(
    out,
    *,
    organization,
    period_start: dt.date,
    period_end: dt.date,
    contents: Iterable[str],
    header: dict,
    progress: Callable[[int, str], None] | None = None,
) -> list[dict]:
    """Write the bundle ZIP to ``out`` (a binary file) and return the summary of its sections.

    1. Each section the contents ask for writes its files under ``NN-<code>/``.
    2. The index PDF lists every section, its summary and its files with their SHA-256.
    3. SHA256SUMS lists every entry, for a check with ``sha256sum -c``.
    ``header`` carries what the index says of the inspection (reference, decision, ...).
    """
    chosen = sections_for(contents)
    summary: list[dict] = []
    all_entries: list[Entry] = []
    # The index and every label a builder writes are Vietnamese: the bundle is filed with the
    # agency, whoever pressed the button.
    with translation.override("vi"), zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for number, section in enumerate(chosen, start=1):
            if progress:
                progress(int(90 * (number - 1) / max(len(chosen), 1)), section.code)
            writer = SectionWriter(zf, f"{number:02d}-{section.code}")
            lines = section.builder(organization, period_start, period_end, writer) or []
            all_entries.extend(writer.entries)
            summary.append(
                {
                    "code": section.code,
                    "title": translation.gettext(section.title),
                    "folder": writer.folder,
                    "lines": [[str(label), str(value)] for label, value in lines],
                    "files": [
                        {"name": e.name, "size": e.size, "sha256": e.sha256} for e in writer.entries
                    ],
                }
            )
        if progress:
            progress(92, "index")
        index = render_pdf(
            "pdf/bundle_index.html",
            {
                # The document's heading (title, issuer_name, place, date_parts, signer_*) of
                # pdf/base_form.html, as the caller gives it.
                **header,
                "header": header,
                "organization": organization,
                "period_start": period_start,
                "period_end": period_end,
                "sections": summary,
                "generated_at": timezone.now(),
            },
            language="vi",
        )
        root = SectionWriter(zf, "")
        index_entry = root.add_bytes(INDEX_NAME, index)
        all_entries.append(index_entry)
        sums = "".join(f"{e.sha256}  {e.name}\n" for e in all_entries)
        root.add_bytes(SUMS_NAME, sums.encode())
    return summary
