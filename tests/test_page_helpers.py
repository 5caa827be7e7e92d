"""The helpers every app's pages and gates share: a refused action, a service's field errors, 404."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory

from pdp_portal import views
from pdp_portal.gates import one_or_404
from pdp_portal.organizations.models import Organization, ProtectionContact
from pdp_portal.views import (
    add_service_errors,
    form_page,
    row_or_new,
    run_for_form,
    run_for_page,
    run_form_for_page,
)
from pdp_portal.workflow import InvalidTransition


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _said(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


class NameForm(forms.Form):
    name = forms.CharField()


def _refuse(exc):
    def service():
        raise exc

    return service


def test_a_refused_move_is_the_page_error_and_nothing_is_confirmed():
    request = _request()
    done, result = run_for_page(request, _refuse(InvalidTransition("Hồ sơ đã nộp.")), "Đã lưu.")
    assert (done, result) == (False, None)
    assert _said(request) == [("error", "Hồ sơ đã nộp.")]


def test_a_done_action_is_confirmed_with_its_result():
    request = _request()
    done, result = run_for_page(request, lambda: 3, lambda n: f"Đã gửi {n} thư.")
    assert (done, result) == (True, 3)
    assert _said(request) == [("success", "Đã gửi 3 thư.")]


def test_an_invalid_small_form_is_the_page_error_and_the_service_is_not_called():
    called = []
    request = _request()
    done, result = run_form_for_page(request, NameForm({}), lambda: called.append(1), "Đã lưu.")
    assert (done, result) == (False, None) and called == []
    assert _said(request) == [("error", str(NameForm({}).errors["name"][0]))]
    request = _request()
    run_form_for_page(request, NameForm({}), lambda: 1, "Đã lưu.", invalid="Cần chọn tệp.")
    assert _said(request) == [("error", "Cần chọn tệp.")]


def test_a_valid_small_form_runs_the_service_as_a_button_does():
    request = _request()
    done, result = run_form_for_page(request, NameForm({"name": "A"}), lambda: 3, "Đã lưu.")
    assert (done, result) == (True, 3)
    assert _said(request) == [("success", "Đã lưu.")]
    request = _request()
    refused = _refuse(InvalidTransition("Hồ sơ đã nộp."))
    assert run_form_for_page(request, NameForm({"name": "A"}), refused) == (False, None)
    assert _said(request) == [("error", "Hồ sơ đã nộp.")]


def test_bad_input_is_one_line_above_the_form_by_default():
    request = _request()
    form = NameForm({"name": "A"})
    assert form.is_valid()
    done, _result = run_for_form(
        request, form, _refuse(ValidationError(["Thiếu ngày.", "Thiếu nơi."])), "Đã lưu."
    )
    assert not done
    assert form.non_field_errors() == ["Thiếu ngày.; Thiếu nơi."]
    assert _said(request) == []


def test_by_field_a_service_error_stays_by_its_field_and_an_unknown_field_goes_above():
    request = _request()
    form = NameForm({"name": "A"})
    assert form.is_valid()
    refusal = ValidationError({"name": "Tên đã có.", "not_on_the_form": "Sai thời điểm."})
    done, _result = run_for_form(request, form, _refuse(refusal), "Đã lưu.", by_field=True)
    assert not done
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Sai thời điểm."]
    # What was typed is kept for the page that comes back.
    assert form["name"].value() == "A"


def test_a_refusal_naming_no_field_goes_above_the_fields_message_by_message():
    form = NameForm({"name": "A"})
    assert form.is_valid()
    add_service_errors(form, ValidationError(["Thiếu ngày.", "Thiếu nơi."]))
    assert form.non_field_errors() == ["Thiếu ngày.", "Thiếu nơi."]
    assert "name" not in form.errors


@pytest.fixture
def shown(monkeypatch):
    """Capture what ``form_page`` would render: the template and its context."""
    pages = []
    monkeypatch.setattr(views, "render", lambda request, t, ctx: pages.append((t, ctx)) or t)
    return pages


def test_a_form_page_shows_its_form_and_context_without_calling_the_service(shown):
    called = []
    request = _request("get")
    form = NameForm(None)
    answer = form_page(
        request, form, lambda: called.append(1), to="/done/", template="t.html", context={"x": 1}
    )
    assert answer == "t.html" and called == []
    assert shown == [("t.html", {"form": form, "x": 1})]


def test_a_saved_form_goes_where_its_result_says_with_the_confirmation(shown):
    request = _request(data={"name": "A"})
    answer = form_page(
        request,
        NameForm(request.POST),
        lambda: 7,
        lambda n: f"Đã lưu {n}.",
        to=lambda n: f"/rows/{n}/",
        template="t.html",
    )
    assert (answer.status_code, answer.url) == (302, "/rows/7/")
    assert _said(request) == [("success", "Đã lưu 7.")] and shown == []


def test_a_refused_or_invalid_form_comes_back_with_what_was_typed(shown):
    request = _request(data={"name": "A"})
    form = NameForm(request.POST)
    seen = []

    def context():
        # Read only once the service refused: the page shows the state after the attempt.
        seen.append(form.errors.copy())
        return {"x": 2}

    refusal = ValidationError({"name": "Tên đã có."})
    form_page(
        request,
        form,
        _refuse(refusal),
        "Đã lưu.",
        to="/",
        template="t.html",
        context=context,
        by_field=True,
    )
    assert shown == [("t.html", {"form": form, "x": 2})]
    assert seen == [{"name": ["Tên đã có."]}] and form["name"].value() == "A"
    assert _said(request) == []
    request = _request(data={})
    form_page(request, NameForm(request.POST), lambda: 1, to="/", template="t.html")
    assert shown[-1][1]["form"].errors["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["abc", None, 10**9])
def test_a_gate_answers_404_alike_for_missing_and_malformed_ids(pk):
    with pytest.raises(Http404, match="No such organisation"):
        one_or_404(Organization.objects.all(), "organisation", pk=pk)


@pytest.mark.django_db
def test_an_edit_page_finds_its_owners_row_or_starts_a_new_one(org, other_org):
    theirs = ProtectionContact.objects.create(
        organization=other_org, kind="unit", name="Ban khác", email="k@example.vn", phone="2"
    )
    new = row_or_new(ProtectionContact, None, organization=org)
    assert new.pk is None and new.organization == org
    assert row_or_new(ProtectionContact, theirs.pk, organization=other_org) == theirs
    with pytest.raises(Http404):
        row_or_new(ProtectionContact, theirs.pk, organization=org)
