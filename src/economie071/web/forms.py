"""The site's own forms: making an account, asking for a new password, changing it,
deleting one's account, and invitations. The forms of
each domain live in its app (portfolio.forms, governance.forms, ...)."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from economie071.core.links import site_host, site_url
from economie071.core.mail import mail_send
from economie071.programme.roles import invitable_roles


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


class NewPasswordFields(forms.Form):
    """A new password, typed twice, checked by Django's password validators."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self):
        """The user the password is for (for the validators that compare it with the name)."""
        return None

    def clean_new_password2(self):
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."))
        if second:
            password_validation.validate_password(second, self.password_user())
        return second


class InvitationAcceptForm(NewPasswordFields):
    """Joining through an invitation: a username and a password."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only; you sign in with it."),
    )
    field_order = ["username", "new_password1", "new_password2"]


class PasswordChangeForm(NewPasswordFields):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class InvitationForm(forms.Form):
    """The programme office invites someone with a role."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role.key, f"{role.label} – {role.help_text}" if role.help_text else role.label)
            for role in invitable_roles()
        ]
