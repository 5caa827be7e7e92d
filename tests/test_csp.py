"""Every page carries a strict Content-Security-Policy; the templates need nothing inline."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def _assert_strict(policy):
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in " ".join(policy.values())


def test_a_staff_page_carries_the_policy(as_user, dpo):
    response = as_user(dpo).get(reverse("dashboard"))
    assert response.status_code == 200
    _assert_strict(_policy(response))


def test_a_public_page_carries_the_policy(client, org):
    response = client.get(reverse("rights_public:form", args=[org.slug]))
    assert response.status_code == 200
    _assert_strict(_policy(response))


def test_the_login_page_carries_the_policy(client, db):
    _assert_strict(_policy(client.get(reverse("accounts:login"))))


def test_the_api_docs_alone_may_use_inline_styles(as_user, dpo):
    client = as_user(dpo)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" in policy["style-src"]
    # Swagger UI's start-up script is a file of its own, not an inline block.
    page = response.content.decode()
    assert not re.search(r"<script>(?!\s*</script>)", page)
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


def _served_templates():
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES).as_posix()
        # PDFs (WeasyPrint) and e-mails never meet the browser's policy.
        if "/pdf/" in f"/{relative}" or relative.startswith("notices/email/"):
            continue
        yield relative, path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "pattern", [r"<script(?![^>]*\ssrc=)[^>]*>", r"\sstyle=\"", r"<style", r"\son[a-z]+=\""]
)
def test_no_served_template_needs_unsafe_inline(pattern):
    offenders = [name for name, text in _served_templates() if re.search(pattern, text)]
    assert offenders == []
