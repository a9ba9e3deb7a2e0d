"""The site shell's pages: the home page, signing in and up, a new password, the CSRF
failure page and the pillars' colours. The pages of each domain live in its app
(portfolio.views, governance.views, ...)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from economie071.core import throttle
from economie071.core.forms import error_message
from economie071.core.http import client_address
from economie071.core.programme import programme_current, programme_or_404
from economie071.portfolio import selectors
from economie071.programme.exceptions import AccountError
from economie071.programme.selectors import signup_request_by_token
from economie071.programme.services import (
    account_email_confirmed,
    account_signup_confirm,
    account_signup_request,
)
from economie071.web import forms
from economie071.web.start import start_sections


def home(request):
    """The programme's pillars and themes with their projects: the public start page."""
    programme = programme_or_404()
    return render(
        request,
        "web/home.html",
        {
            "pillars": selectors.pillars_with_projects(programme=programme),
            "themes": selectors.themes_with_projects(programme=programme),
        },
    )


@login_required
def start(request):
    """Where a signed-in person lands: a section per role they hold (web.start). The office
    alone goes straight to its dashboard, which is its start page."""
    programme = programme_or_404()
    sections = start_sections(user=request.user, programme=programme)
    if len(sections) == 1 and sections[0].role == "office":
        return redirect(sections[0].main_url)
    return render(request, "web/start.html", {"sections": sections})


def csrf_failure(request, reason=""):
    """A form posted from an expired page: explain, never show Django's debug page."""
    return render(request, "403_csrf.html", status=403)


def pillar_css(request):
    """The pillars' colours as CSS classes, so pages need no inline styles (strict CSP)."""
    programme = programme_current()
    pillars = programme.pillars.all() if programme else []
    response = render(
        request, "web/pillars.css", {"pillars": pillars}, content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _local_path(url: str) -> str:
    """`url` if it is a path on this site (the `next` page), else empty."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return ""


def sign_up(request):
    """Ask for a login of one's own: a link to confirm the address is mailed to it, and
    the account is made when it is followed (then one goes on to the `next` page). The
    answer is the same whether or not the address has an account already."""
    next_url = _local_path(request.POST.get("next") or request.GET.get("next") or "")
    if request.user.is_authenticated:
        return redirect(next_url or "web:home")
    form = forms.SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_signup_request(
                email=data["email"],
                username=data["username"],
                name=data["name"],
                password=data["password1"],
                next_url=next_url,
                client_address=client_address(request),
            )
        except AccountError as exc:
            form.add_error(None, error_message(exc))
            status = 429
        else:
            messages.success(
                request,
                _(
                    "We have sent an e-mail to %(email)s. Follow the link in it within two "
                    "days to finish making your account."
                )
                % {"email": data["email"]},
            )
            return redirect("web:signup_sent")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": next_url, "programme": programme_current()},
        status=status,
    )


def signup_sent(request):
    return render(request, "registration/signup_sent.html")


def signup_confirm(request, token):
    """The link in the sign-up mail: a page with a button (a link checker that opens the
    link makes no account), which makes the account and signs the person in."""
    if request.method == "POST":
        try:
            user, next_url = account_signup_confirm(token=token)
        except AccountError as exc:
            return render(
                request,
                "registration/signup_confirm.html",
                {"error": error_message(exc)},
                status=400,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account has been made; you are signed in."))
        return redirect(_local_path(next_url) or "web:start")
    signup = signup_request_by_token(token=token)
    if signup is None:
        return render(
            request,
            "registration/signup_confirm.html",
            {"error": _("This link is not valid or has expired. Make your account again.")},
            status=404,
        )
    return render(request, "registration/signup_confirm.html", {"signup": signup})


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to set a new password. The same answer whether or not the address
    has an account; limited per client and per address, since each request may mail."""

    form_class = forms.PasswordResetForm
    template_name = "registration/new_password_form.html"
    email_template_name = "registration/new_password_email.txt"
    subject_template_name = "registration/new_password_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def form_valid(self, form):
        over_client = throttle.hit("accounts.password_reset.client", client_address(self.request))
        over_email = throttle.hit("accounts.password_reset.email", form.cleaned_data["email"])
        if over_client or over_email:
            form.add_error(
                None,
                _("Too many requests for a new password in a short time. Try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link in the mail: set a new password. Following it shows the account's address
    is the person's own."""

    template_name = "registration/new_password_set.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_email_confirmed(user=form.user)
        return response
