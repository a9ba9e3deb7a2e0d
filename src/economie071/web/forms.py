"""The site's own forms: making an account and asking for a new password. The forms of
each domain live in its app (portfolio.forms, governance.forms, ...)."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from economie071.core.links import site_host, site_url
from economie071.core.mail import mail_send


class SignUpForm(UserCreationForm):
    """A login of one's own: a name to show, an e-mail address for confirmations and
    notifications (never shown to others), a username and a password checked by Django's
    password validators.

    Whether the address has an account already is not checked here: the form would tell
    anyone. The service mails the address either way (see account_signup_request)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("For confirmations and the notifications you choose; never shown to others."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("name", "email", "username")

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (which tells nobody whether the address has an account), with the
    link in the mail built from SITE_URL instead of the request's Host header."""

    def save(self, **kwargs):
        kwargs["domain_override"] = site_host()
        kwargs["use_https"] = site_url().startswith("https://")
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": site_url(),
        }
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """As Django's, but through the outbox, like every mail of the platform: a mail
        server that is down loses no reset link (it is sent again later)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        mail_send(messages=[message], topic="web.password_reset", reference=context["user"].pk)
