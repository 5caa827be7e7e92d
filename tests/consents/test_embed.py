"""Browser: a shop's own sign-up page, on another origin, loads the portal's embed.js; the shop's
server sends the consent to the API after answering; the record and its receipt are in the portal.

Also what crosses origins and what does not: the script loads and runs under the shop's strict
CSP (it makes no request of its own), the consent API answers no cross-origin call from a browser
(the key must never be in a page), the receipt keys (JWKS) are readable from any origin.
"""

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from consents import keys, services
from consents.models import ConsentRecord
from tests.browser import csp_refusals

from .conftest import make_notice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIGNUP = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Cửa hàng</title></head><body>
<form method="post" action="/signup" data-pdp-consent data-pdp-notice-version="1">
  <input type="email" name="email" id="email" required>
  <label><input type="checkbox" name="pdp-purpose" value="delivery" id="delivery"> Giao hàng</label>
  <label><input type="checkbox" name="pdp-purpose" value="ads" id="ads"> Quảng cáo</label>
  <button id="go">Đăng ký</button>
</form>
<script src="{portal}/static/consents/embed.js" defer></script>
</body></html>"""


class Shop:
    """The shop's web server (another origin): its sign-up page and its own server-side call."""

    def __init__(self, portal: str, secret: str):
        self.portal, self.secret = portal, secret
        self.posted: dict = {}
        self.answer: dict = {}
        self.done = threading.Event()
        shop = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()

            def do_GET(self):
                if self.path == "/welcome":
                    return self._send(200, b"<p id=welcome>ok</p>", [("Content-Type", "text/html")])
                page = SIGNUP.format(portal=shop.portal).encode()
                headers = [("Content-Type", "text/html; charset=utf-8")]
                if self.path == "/":
                    # The shop's own strict policy: scripts from itself and the portal only, no
                    # request to anywhere else; embed.js must need nothing more.
                    headers.append(
                        (
                            "Content-Security-Policy",
                            f"default-src 'self'; script-src 'self' {shop.portal}; "
                            "connect-src 'self'; form-action 'self'",
                        )
                    )
                self._send(200, page, headers)

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                consent = json.loads(form["pdp_consent"][0])
                shop.posted = consent
                # Answer the visitor first (README): the portal is never in the page's path.
                self._send(303, headers=[("Location", "/welcome")])
                record = {
                    "notice_version": consent["notice_version"],
                    "identifier_kind": "email",
                    "identifier": form["email"][0],
                    "decisions": consent["decisions"],
                    "collected_at": consent["collected_at"],
                    "method": "electronic",
                    "collection_point": "website",
                    "language": consent["language"],
                    "evidence": {
                        "ip": self.client_address[0],
                        "user_agent": consent["user_agent"],
                    },
                    "idempotency_key": "signup-1",
                }
                call = urllib.request.Request(
                    shop.portal + "/api/v1/consents/records/",
                    data=json.dumps(record).encode(),
                    headers={
                        "Authorization": f"Consent {shop.secret}",
                        "Content-Type": "application/json",
                    },
                    method="POST",
                )
                with urllib.request.urlopen(call, timeout=30) as response:
                    shop.answer = {"status": response.status, **json.loads(response.read())}
                shop.done.set()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_shop_page_on_another_origin_records_consent_through_its_server(
    page, live_server, org, artifacts
):
    make_notice(org)
    _key, secret = services.property_key_create(actor="test", organization=org, name="shop.vn")
    with Shop(live_server.url, secret) as shop:
        assert shop.url.split("//")[1] != live_server.url.split("//")[1]  # another origin
        refused = csp_refusals(page)
        page.goto(shop.url + "/")
        page.fill("#email", "khach@example.vn")
        page.check("#delivery")  # "ads" left unticked: a refusal, never a default (Art. 6(3))
        page.screenshot(path=artifacts / "consents-embed-shop.png", full_page=True)
        page.click("#go")
        page.wait_for_selector("#welcome")
        assert shop.done.wait(30), "the shop's server never got the portal's answer"
        assert refused == []

    assert shop.posted["notice_version"] == 1 and shop.posted["language"] == "vi"
    assert shop.posted["decisions"] == {"delivery": "given", "ads": "refused"}
    assert shop.answer["status"] == 201
    record = ConsentRecord.objects.get(uid=shop.answer["receipt_id"])
    assert record.subject_key == keys.subject_key(org, "email", "khach@example.vn")
    assert {d.purpose.code: d.decision for d in record.decisions.all()} == {
        "delivery": "given",
        "ads": "refused",
    }
    assert record.evidence["user_agent"] == page.evaluate("navigator.userAgent")
    payload, key = keys.verify_receipt(shop.answer["receipt"])
    assert payload["receipt_id"] == str(record.uid) and key.organization == org

    # The receipt the shop got verifies on the portal's public page.
    page.goto(f"{live_server.url}/consent/verify/")
    page.fill("#receipt", shop.answer["receipt"])
    page.click("form.stack button[type=submit]")
    assert page.locator("[data-outcome=valid]").count() == 1
    page.screenshot(path=artifacts / "consents-embed-verified.png", full_page=True)


def test_across_origins_the_keys_are_readable_and_the_consent_api_is_not(page, live_server, org):
    make_notice(org)
    _key, secret = services.property_key_create(actor="test", organization=org, name="shop.vn")
    with Shop(live_server.url, secret) as shop:
        page.goto(shop.url + "/probe")  # the same page, without the shop's policy
        jwks = page.evaluate(
            """url => fetch(url).then(r => r.json()).then(b => b.keys.length, e => 'refused')""",
            f"{live_server.url}/.well-known/consent-keys/{org.slug}/jwks.json",
        )
        assert jwks == 1
        # A page that tried to call the consent API itself (with a key in the page) is refused
        # by the browser: the API sends no CORS allowance.
        outcome = page.evaluate(
            """([url, secret]) => fetch(url, {method: "POST",
                   headers: {"Authorization": "Consent " + secret,
                             "Content-Type": "application/json"},
                   body: "{}"}).then(r => "answered " + r.status, e => "refused")""",
            [f"{live_server.url}/api/v1/consents/records/", secret],
        )
        assert outcome == "refused"
    assert not ConsentRecord.objects.exists()
    # embed.js itself is an ordinary cross-origin script: no CORS needed, none refused.
    with urllib.request.urlopen(f"{live_server.url}/static/consents/embed.js") as response:
        assert response.status == 200
        assert "javascript" in response.headers["Content-Type"]
        assert response.headers.get("Cross-Origin-Resource-Policy") in (None, "cross-origin")
