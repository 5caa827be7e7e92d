import pytest

from certification import demo
from certification.models import Application, Certificate
from pdp_portal.organizations import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_certificate_and_an_application_under_check():
    ctx = {"organizations": [], "users": {}, "logins": []}
    org_demo.seed(ctx)
    demo.seed(ctx)
    certificate = Certificate.objects.get()
    assert certificate.status == "valid" and certificate.organization.slug == "song-hong"
    assert Application.objects.filter(status="submitted").count() == 1
