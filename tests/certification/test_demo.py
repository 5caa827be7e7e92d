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


def test_the_demo_enclosures_are_real_pdfs_with_readable_text():
    import io

    from pypdf import PdfReader

    from certification.models import Enclosure

    ctx = {"organizations": [], "users": {}, "logins": []}
    org_demo.seed(ctx)
    demo.seed(ctx)
    enclosures = list(Enclosure.objects.all())
    assert enclosures
    for enclosure in enclosures:
        with enclosure.file.open("rb") as handle:
            data = handle.read()
        assert len(data) > 1000, enclosure.original_name  # not a placeholder of a few bytes
        text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
        assert "Tài liệu mẫu của PDP Portal" in text, enclosure.original_name
        assert org_demo.DEMO_DOCUMENTS[enclosure.original_name] in text
