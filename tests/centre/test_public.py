"""The public home page, a published centre and its embed script: no login, 404 when unpublished."""

import pytest
from django.urls import reverse

from pdp_portal.centre import services
from tests.factories import make_contact, make_organization

from .helpers import publish

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_gets_the_public_home_with_the_staff_login(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập dành cho cán bộ" in page
    assert reverse("accounts:login") in page
    assert reverse("certification_public:registry") in page


def test_a_signed_in_user_keeps_the_dashboard(as_user, dpo):
    response = as_user(dpo).get("/")
    assert response.status_code == 200
    assert "organizations/dashboard.html" in [t.name for t in response.templates]


def test_the_search_finds_only_organisations_that_publish_a_centre(client, org, other_org):
    publish(org)
    page = client.get("/", {"q": "Hoa Sen"}).content.decode()
    assert reverse("centre_public:centre", args=[org.slug]) in page
    # Sông Hồng has no published centre: not found by name, nor by tax code.
    page = client.get("/", {"q": "Sông Hồng"}).content.decode()
    assert reverse("centre_public:centre", args=[other_org.slug]) not in page
    page = client.get("/", {"q": other_org.tax_code}).content.decode()
    assert reverse("centre_public:centre", args=[other_org.slug]) not in page


def test_the_search_finds_an_organisation_by_tax_code(client, org):
    publish(org)
    page = client.get("/", {"q": org.tax_code}).content.decode()
    assert reverse("centre_public:centre", args=[org.slug]) in page


def test_an_unpublished_centre_answers_404(client, org):
    assert client.get(reverse("centre_public:centre", args=[org.slug])).status_code == 404
    assert client.get(reverse("centre_public:embed", args=[org.slug])).status_code == 404
    publish(org)
    services.centre_unpublish(actor="test", organization=org)
    assert client.get(reverse("centre_public:centre", args=[org.slug])).status_code == 404
    assert client.get("/p/no-such-org/").status_code == 404


def test_a_published_centre_shows_controller_contact_rights_and_form_links(client, org):
    make_contact(org)
    publish(org)
    response = client.get(reverse("centre_public:centre", args=[org.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert org.name in page and org.tax_code in page
    assert "dpo@hoasen.example.vn" in page
    assert "Chúng tôi tôn trọng dữ liệu cá nhân của bạn." in page
    assert reverse("rights_public:form", args=[org.slug]) in page
    assert reverse("rights_public:printable", args=[org.slug]) in page
    for point in ("a", "b", "c", "d", "đ", "e"):
        assert f'data-point="{point}"' in page
    # Parts with nothing to show are left out.
    assert 'data-part="consents"' not in page
    assert 'data-part="breach_notices"' not in page


def test_a_centre_reads_in_english(client, org):
    publish(org)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("centre_public:centre", args=[org.slug])).content.decode()
    assert "We respect your personal data." in page
    assert "Your rights and how to exercise them" in page


def test_the_printable_form_is_a_pdf_with_every_request_type(client, org):
    response = client.get(reverse("rights_public:printable", args=[org.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_embed_script_is_javascript_any_site_may_load(client, org):
    publish(org)
    response = client.get(reverse("centre_public:embed", args=[org.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    body = response.content.decode()
    assert f"http://testserver/p/{org.slug}/" in body
    # Styles through the CSSOM only: no style attribute or inline handler a CSP would block.
    assert 'setAttribute("style"' not in body and "innerHTML" not in body
    assert "style.setProperty" in body


def test_a_tax_code_prefix_finds_the_organisation(client):
    published = make_organization(name="Công ty Minh Anh", tax_code="0312345678", slug="minh-anh")
    publish(published)
    page = client.get("/", {"q": "0312"}).content.decode()
    assert "/p/minh-anh/" in page


def test_the_home_page_and_a_centre_cost_the_same_queries_with_more_rows(client, org):
    from tests.queries import assert_queries_do_not_grow

    publish(org)

    def grow(k):
        for i in range(k):
            publish(make_organization(name="Công ty Cổ phần Hoa Sen Mới"))
            make_contact(org, is_primary=False, email=f"dpo{k}.{i}@example.vn")

    assert_queries_do_not_grow(
        client, ["/?q=Hoa%20Sen", reverse("centre_public:centre", args=[org.slug])], grow
    )


def test_each_app_adds_its_part_once_it_has_something_public(client, org, dpo):
    from breaches import services as breach_services
    from tests.breaches.conftest import make_breach
    from tests.programme.helpers import ai_system

    publish(org)
    url = reverse("centre_public:centre", args=[org.slug])
    page = client.get(url).content.decode()
    assert 'data-part="automated"' not in page and 'data-part="breach_notices"' not in page
    system = ai_system(org, name="Gợi ý sản phẩm")
    breach = make_breach(org, dpo)
    breach_services.breach_publish_notice(actor=dpo, breach=breach, text="Thông báo công khai.")
    page = client.get(url).content.decode()
    assert 'data-part="automated"' in page and "Gợi ý sản phẩm" in page
    assert reverse("programme_public:ai_system", args=[org.slug, system.public_id]) in page
    assert 'data-part="breach_notices"' in page
    breach.refresh_from_db()
    assert reverse("breaches_public:notice", args=[breach.public_id]) in page
