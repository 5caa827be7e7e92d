"""Find Vietnamese left in what an English reader reads: pages, API answers, audit rows."""

import json
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.factories import add_member, make_contact, make_organization, make_regulator, make_user
from tests.reader_language import VIETNAMESE

# The language switcher names Vietnamese in Vietnamese, whatever the page's language.
SWITCHER = "Tiếng Việt"
# A legal point keeps its letter in English, as every citation of the portal does: "Art. 29(2)(đ)".
POINT = re.compile(r"(?<![^\s>(])đ\)")
# Documents filed with the agency, frozen in Vietnamese like their PDFs: the API returns them as
# filed (a breach's Form 08, a dossier version's content), they are not texts written for a reader.
FILED = {"snapshot"}
AUDIT_ROW = re.compile(r"<tr><td>\d+</td>.*?<code>([^<]*)</code>.*?</tr>", re.S)


def make_acme():
    """Return an organisation whose every typed field is ASCII, with its primary DPO contact."""
    organization = make_organization(
        name="Acme",
        head_office="1 Main Street, Hanoi",
        roles=["controller"],
        registration_document="0101234567, Hanoi DPI, 12/03/2015",
        phone="024 3825 1234",
        email="dpo@acme.example",
        business_lines=["4791", "6312"],
    )
    make_contact(organization, name="Lan", position="DPO", email="dpo@acme.example")
    return organization


def make_cast(settings, tmp_path):
    """Return (Acme, its DPO, an officer of the agency), names in ASCII; files go to tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    organization = make_acme()
    dpo = make_user("lan", first_name="Lan", last_name="Tran")
    add_member(organization, dpo, "dpo")
    officer = make_regulator("officer", first_name="Minh", last_name="Le")
    return organization, dpo, officer


def leaks(text: str) -> list[str]:
    """Return each stretch of ``text`` with a Vietnamese letter, with a little context."""
    text = POINT.sub("", text.replace(SWITCHER, ""))
    found, end = [], -1
    for m in VIETNAMESE.finditer(text):
        if m.start() > end:
            end = m.end() + 60
            found.append(" ".join(text[max(0, m.start() - 40) : end].split()))
    return found


def reader(user, language: str) -> Client:
    """Return a client signed in as ``user`` (or anonymous) that reads in ``language``."""
    client = login(Client(), user) if user is not None else Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _unfiled(data):
    if isinstance(data, dict):
        return {k: _unfiled(v) for k, v in data.items() if k not in FILED}
    if isinstance(data, list):
        return [_unfiled(v) for v in data]
    return data


def page_leaks(client, url: str, language: str = "en") -> list[str]:
    """Return the leaks of one page or API answer, each prefixed with its address."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = json.dumps(_unfiled(response.json()), ensure_ascii=False)
    return [f"{url}: {leak}" for leak in leaks(content)]


def audit_leaks(client, organization, prefixes: tuple[str, ...]) -> list[str]:
    """Return the leaks of the organisation's audit page, in the rows of ``prefixes`` actions."""
    found, page = [], 1
    while True:
        url = reverse("audit:organization", args=[organization.pk]) + f"?page={page}"
        html = client.get(url).content.decode()
        for row in AUDIT_ROW.finditer(html):
            # Other apps (deadlines, organisations) write their own events and fix their own.
            if row.group(1).startswith(prefixes):
                found += [f"audit {row.group(1)}: {leak}" for leak in leaks(row.group(0))]
        if f"?page={page + 1}" not in html:
            return found
        page += 1


def report(found: list[str]) -> str:
    return f"{len(found)} Vietnamese texts for an English reader:\n" + "\n".join(found)
