"""Browser test: the DPO writes and publishes the centre; a person finds the organisation from the
public home page, reads its centre, files a request, confirms it from the e-mail and follows it.
Screenshots (vi and en, phone and desktop) under test-artifacts/centre/."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights.models import RightsRequest
from tests.browser import DESKTOP, shoot, signed_in_page
from tests.factories import make_lan, make_organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_language(page, code: str) -> None:
    page.click(f".lang-switch button[value={code}]")
    page.wait_for_load_state()


@pytest.fixture
def lan(db):
    user = make_lan(
        tax_code="0109876543",
        email="lienhe@hoasen.example.vn",
        website="https://hoasen.example.vn",
        contact={"address": "Tầng 5, số 12 Tràng Tiền, Hà Nội"},
    )
    make_organization(name="Công ty TNHH Sông Hồng", slug="song-hong")  # publishes nothing
    return user


def test_dpo_publishes_and_a_person_finds_reads_files_and_follows(browser, live_server, lan):
    base = live_server.url
    org = lan.org

    # 1. The DPO writes the texts, previews them and publishes.
    dpo = signed_in_page(browser, live_server, lan)
    dpo.goto(f"{base}/organizations/{org.pk}/")
    dpo.click("[data-testid=centre-nav]")
    dpo.wait_for_url(f"**/organizations/{org.pk}/centre/")
    dpo.fill(
        "#id_introduction_vi",
        "Hoa Sen bán hàng trực tuyến cho hơn hai triệu khách hàng. Chúng tôi chỉ dùng dữ liệu của "
        "bạn để giao hàng, chăm sóc khách hàng và, khi bạn đồng ý, gửi ưu đãi.",
    )
    dpo.fill(
        "#id_introduction_en",
        "Hoa Sen sells online to more than two million customers. We use your data only to "
        "deliver orders, look after you and, with your consent, send you offers.",
    )
    dpo.fill("#id_contact_hours_vi", "Thứ Hai đến Thứ Sáu, 8:00-17:00 (trừ ngày lễ)")
    dpo.fill("#id_contact_hours_en", "Monday to Friday, 8:00-17:00 (except public holidays)")
    dpo.fill("#id_notes_vi", "Quầy tiếp nhận: tầng 1, số 12 Tràng Tiền, Hà Nội.")
    dpo.click("[data-testid=centre-save]")
    dpo.wait_for_url(f"**/organizations/{org.pk}/centre/")
    assert "Chưa công bố" in dpo.get_by_test_id("centre-status").inner_text()
    dpo.click("[data-testid=centre-preview-link]")
    # is_visible() does not wait: the preview must have loaded before it is looked at.
    dpo.wait_for_url(f"**/organizations/{org.pk}/centre/preview/")
    assert dpo.get_by_test_id("centre-preview").is_visible()
    assert "hai triệu khách hàng" in dpo.get_by_test_id("centre-introduction").inner_text()
    dpo.goto(f"{base}/organizations/{org.pk}/centre/")
    dpo.click("[data-testid=centre-publish]")
    dpo.wait_for_url(f"**/organizations/{org.pk}/centre/")
    assert "Đang công bố" in dpo.get_by_test_id("centre-status").inner_text()
    assert dpo.get_by_test_id("centre-version-row").count() == 1
    assert f"/p/{org.slug}/embed.js" in dpo.locator("#embed-script").input_value()
    shoot(dpo, "centre/dpo-centre-vi")

    # 2. A person finds the organisation from the public home page.
    person = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    person.goto(f"{base}/")
    assert person.get_by_test_id("staff-login").is_visible()
    person.fill("#q", "Hoa Sen")
    person.click("form.centre-search button[type=submit]")
    person.wait_for_url("**/?q=*")
    results = person.get_by_test_id("centre-results")
    assert "Sông Hồng" not in results.inner_text()
    shoot(person, "centre/home-search-vi")
    person.goto(f"{base}/")
    shoot(person, "centre/home-vi")
    switch_language(person, "en")
    assert "Your personal data, your rights" in person.locator("h1").inner_text()
    shoot(person, "centre/home-en")
    switch_language(person, "vi")
    person.fill("#q", "0109876543")
    person.click("form.centre-search button[type=submit]")
    person.click(f"a[href='/p/{org.slug}/']")
    person.wait_for_url(f"**/p/{org.slug}/")

    # 3. The centre: controller, contact, rights with time limits, forms.
    assert "dpo@hoasen.example.vn" in person.get_by_test_id("centre-contact").inner_text()
    erase = person.locator("[data-type=erase] [data-rule='rights.erase.fulfil']").inner_text()
    assert "Nghị định 356/2025 Điều 5 khoản 4" in erase
    inform = person.locator("[data-type=inform] [data-rule='rights.other.respond']").inner_text()
    assert "Luật 91/2025 Điều 4 khoản 5" in inform
    pdf = person.request.get(
        base + person.get_by_test_id("centre-printable-form").get_attribute("href")
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    shoot(person, "centre/centre-vi")
    switch_language(person, "en")
    assert (
        "more than two million customers"
        in person.get_by_test_id("centre-introduction").inner_text()
    )
    shoot(person, "centre/centre-en")
    switch_language(person, "vi")

    # 4. The person files a request from the centre, confirms it and follows it.
    person.click("[data-type=copy] a")
    person.wait_for_url(f"**/r/{org.slug}/?type=copy")
    assert person.locator("input[name=request_type][value=copy]").is_checked()
    person.fill("#id_full_name", "Trần Thị Bình")
    person.fill("#id_email", "binh@example.vn")
    person.select_option("#id_relationship", "customer")
    person.fill("#id_description", "Xin gửi cho tôi bản sao dữ liệu đơn hàng của tôi năm 2025.")
    person.click("form.card button[type=submit]")
    person.wait_for_url(f"**/r/{org.slug}/sent/")
    request = RightsRequest.objects.get()
    mail = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}"))
    link = re.search(r"https?://[^/\s]+(/r/confirm/[^/\s]+/)", mail.body_text).group(1)
    person.goto(base + link)
    person.click("main form button[type=submit]")
    person.wait_for_url("**/track/*/")
    assert person.get_by_test_id("status").inner_text().endswith("Đã tiếp nhận")
    assert person.locator("[data-rule='rights.access.fulfil']").count() == 1
    person.context.close()


def _other_site(html: str, policy: str):
    """Serve ``html`` from another loopback origin (127.0.0.1, a port of its own) with a CSP."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_embed_button_works_on_another_site_with_a_strict_policy(browser, live_server, lan):
    from tests.centre.helpers import publish

    publish(lan.org)
    script = f"{live_server.url}/p/{lan.org.slug}/embed.js"
    # Another origin whose policy allows scripts from the portal only, and no inline code.
    server = _other_site(
        f'<!doctype html><html lang="en"><body><p>Shop</p><script src="{script}"></script>'
        "</body></html>",
        f"default-src 'self'; script-src {live_server.url}",
    )
    page = browser.new_context(viewport=DESKTOP).new_page()
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        button = page.locator("a.pdp-centre-button")
        button.wait_for(timeout=10_000)
        assert button.get_attribute("href") == f"{live_server.url}/p/{lan.org.slug}/"
        assert button.inner_text() == "Privacy and your personal data"
        assert logs == []
    finally:
        page.context.close()
        server.shutdown()
