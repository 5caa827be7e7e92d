"""Every staff list page is cut into pages, with links that keep the filters."""

import pytest

pytestmark = pytest.mark.django_db

# page parameter of each list (two lists on the certification page).
PAGED = [
    ("/breaches/", "page"),
    ("/dossiers/", "page"),
    ("/organizations/", "page"),
    ("/consents/", "page"),
    ("/programme/", "page"),
    ("/certification/", "apage"),
    ("/certification/", "cpage"),
    ("/requests/", "page"),
]


@pytest.fixture
def two_of_everything(world, monkeypatch):
    from tests.consents.conftest import make_notice

    world.grow(2)
    for organization in world.organizations:
        make_notice(organization, publish=False)
    monkeypatch.setattr("pdp_portal.pagination.PAGE_SIZE", 1)
    # The inbox keeps its own page size.
    monkeypatch.setattr("subjects_rights.views.PAGE_SIZE", 1)
    return world


@pytest.mark.parametrize(("url", "param"), PAGED)
def test_a_long_list_has_a_next_page(dpo_client, two_of_everything, url, param):
    html = dpo_client.get(url).content.decode()
    assert f"{param}=2" in html, url
    second = dpo_client.get(f"{url}?{param}=2").content.decode()
    assert f"{param}=1" in second, url


def test_the_page_links_keep_the_filters(dpo_client, two_of_everything):
    from breaches.models import Breach

    status = Breach.objects.first().status
    assert Breach.objects.filter(status=status).count() == 2
    html = dpo_client.get(f"/breaches/?status={status}").content.decode()
    assert f"status={status}&amp;page=2" in html


def test_a_page_number_out_of_range_shows_the_last_page(dpo_client, two_of_everything):
    assert dpo_client.get("/organizations/?page=99").status_code == 200
    assert dpo_client.get("/organizations/?page=abc").status_code == 200


def test_the_processing_register_pages_each_of_its_lists(dpo_client, org, monkeypatch):
    from dossiers.models import ProcessingActivity, Recipient

    organization = org
    for n in range(2):
        ProcessingActivity.objects.create(
            organization=organization, name=f"Hoạt động {n}", purpose="Bán hàng", role="controller"
        )
        Recipient.objects.create(organization=organization, name=f"Bên nhận {n}", role="processor")
    monkeypatch.setattr("pdp_portal.pagination.PAGE_SIZE", 1)
    url = f"/dossiers/register/{organization.pk}/"
    html = dpo_client.get(url).content.decode()
    assert "pa=2" in html and "pr=2" in html
    # Turning the activities' page keeps the recipients' page, and the other way round.
    second = dpo_client.get(f"{url}?pr=2&pa=2").content.decode()
    assert "Hoạt động 1" in second and "Bên nhận 1" in second
    assert "Hoạt động 0" not in second and "pr=2&amp;pa=1" in second
