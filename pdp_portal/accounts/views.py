"""Login with a password, then a TOTP second factor (enrolment shows a QR code)."""

import base64
import io
import math
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import i18n as i18n_views
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from pdp_portal.audit.services import audit_record

from .forms import LoginForm, OutboxPasswordResetForm, TokenForm
from .preferences import remember_language, user_language
from .protection import remember_device


def _client_ip(request) -> str:
    # django-axes has already resolved the address by its configured headers.
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        audit_record(
            actor=user,
            action="auth.login",
            obj=user,
            message=gettext_noop("Đăng nhập bằng mật khẩu (chờ xác thực hai lớp)"),
            data={"ip": _client_ip(self.request)},
        )
        return response

    def form_invalid(self, form):
        # Only a username that belongs to an account is recorded: whatever else was typed
        # there (sometimes a password) must not end up in a log that can never be edited.
        username = (form.data.get("username") or "")[:150]
        user = get_user_model().objects.filter(username=username).first() if username else None
        locked = bool(getattr(self.request, "axes_locked_out", False))
        audit_record(
            actor="anonymous",
            action="auth.locked_out" if locked else "auth.login_failed",
            obj=user,
            message=LOGIN_FAILED[locked, user is not None],
            data={"ip": _client_ip(self.request)},
        )
        return super().form_invalid(form)

    def get_success_url(self):
        # Straight to the second factor; the middleware would send the user there anyway.
        return f"{reverse('accounts:two_factor')}?{urlencode({'next': super().get_success_url()})}"


# The audit summary of a refused login: (locked out, the username exists) -> message key.
LOGIN_FAILED = {
    (True, True): gettext_noop("Đăng nhập bị khóa tạm thời sau nhiều lần sai mật khẩu"),
    (True, False): gettext_noop(
        "Đăng nhập bị khóa tạm thời sau nhiều lần sai mật khẩu (tên đăng nhập không tồn tại)"
    ),
    (False, True): gettext_noop("Đăng nhập thất bại"),
    (False, False): gettext_noop("Đăng nhập thất bại (tên đăng nhập không tồn tại)"),
}


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit_record(
                actor=request.user,
                action="auth.logout",
                obj=request.user,
                message=gettext_noop("Đã đăng xuất"),
            )
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"

    def get_success_url(self):
        return reverse("accounts:password_reset_done")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _throttle_wait(devices) -> int:
    """Return the seconds before any of ``devices`` accepts a code again (django-otp throttling)."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return 0
        locked_until = (details or {}).get("locked_until")
        waits.append(
            math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 1
        )
    return max(1, min(waits)) if waits else 0


def _wait_message(seconds: int) -> str:
    return _("Bạn đã nhập sai mã nhiều lần. Thử lại sau %(n)s giây.") % {"n": seconds}


def _token_form(request, devices) -> tuple[TokenForm, bool]:
    """Return the page's code form and whether it holds a code to check against ``devices``.

    django-otp refuses every code while it throttles, the right one too: the form then says so,
    and how long to wait, rather than calling a right code wrong.
    """
    form = TokenForm(request.POST or None)
    if request.method != "POST":
        return form, False
    wait = _throttle_wait(devices)
    if wait:
        form.is_valid()
        form.add_error(None, _wait_message(wait))
        return form, False
    return form, form.is_valid()


@login_required
def two_factor(request):
    """Ask for the current TOTP code; a user with no confirmed device is sent to enrol."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('accounts:enroll')}?{urlencode({'next': _next_url(request)})}")
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    form, check = _token_form(request, devices)
    if check:
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            return _signed_in(
                request, device, "auth.two_factor", gettext_noop("Xác thực hai lớp thành công")
            )
        audit_record(
            actor=request.user,
            action="auth.two_factor_failed",
            obj=request.user,
            message=gettext_noop("Mã xác thực hai lớp không đúng"),
            data={"ip": _client_ip(request)},
        )
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
        # Each wrong code doubles django-otp's wait: say it now, not after the next refusal.
        wait = _throttle_wait(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        if wait > 1:
            form.add_error(None, _wait_message(wait))
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next_url(request)})


def _signed_in(request, device, action: str, message: str):
    """Complete the login with a confirmed second factor, audit it, and go where the person was
    going (remembering this browser and the person's language)."""
    otp_login(request, device)
    # A new session key once the login is complete, as after the password step.
    request.session.cycle_key()
    audit_record(
        actor=request.user,
        action=action,
        obj=request.user,
        message=message,
        data={"ip": _client_ip(request)},
    )
    response = redirect(_next_url(request))
    remember_device(request, response, request.user)
    _restore_language(request, response)
    return response


def _restore_language(request, response) -> None:
    # A new browser (no language cookie yet) opens in the language the person chose before.
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        language = user_language(request.user)
        if language != settings.LANGUAGE_CODE:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )


def set_language(request):
    """Switch the language (Django's view) and keep a signed-in person's choice for e-mails."""
    response = i18n_views.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(request.user, request.POST.get("language", ""))
    return response


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def enroll(request):
    """Create (or reuse) an unconfirmed TOTP device, show its QR code and confirm it with a code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(
            f"{reverse('accounts:two_factor')}?{urlencode({'next': _next_url(request)})}"
        )
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="TOTP", confirmed=False)
    form, check = _token_form(request, [device])
    if check:
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return _signed_in(
                request, device, "auth.enroll_totp", gettext_noop("Đăng ký xác thực hai lớp (TOTP)")
            )
        form.add_error(
            "token", _("Mã xác thực không đúng. Kiểm tra đồng hồ của điện thoại và thử lại.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/enroll.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": secret,
            "next": _next_url(request),
        },
    )
