import hashlib
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pdp_portal.notices.services import outbox_enqueue_email

from .protection import account_wait_seconds, is_known_device


class LoginForm(AuthenticationForm):
    """The password step, slowed per account across addresses (accounts/protection.py)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = account_wait_seconds(username) if username else 0
        if wait:
            user = get_user_model().objects.filter(username=username).first()
            # The owner's own browser is exempt: the attacker cannot lock them out this way.
            if not is_known_device(self.request, user):
                # Not checked at all while the account waits: neither the guess nor a failure.
                raise forms.ValidationError(
                    _(
                        "Tài khoản này vừa bị nhập sai mật khẩu nhiều lần từ nhiều nơi. "
                        "Thử lại sau %(n)s giây."
                    ),
                    code="account_throttled",
                    params={"n": wait},
                )
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực 6 số"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the message goes through the outbox like every other e-mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        # The token changes with the user's password and last login, so one key per valid link;
        # it is hashed because the key is shown in the admin and the token is a secret.
        digest = hashlib.sha256(context["token"].encode()).hexdigest()[:24]
        outbox_enqueue_email(
            key=f"accounts.password_reset:{user.pk}:{digest}",
            recipient=to_email,
            recipient_user=user,
            template="password_reset",
            language=translation.get_language() or settings.LANGUAGE_CODE,
            context={
                "user": user,
                "uid": context["uid"],
                "token": context["token"],
                "expires_at": timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
            },
        )
