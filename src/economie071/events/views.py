"""Events pages: parse the request, call one service or selector, render.

Public: the list of published events (upcoming and past), an event's page with its
programme and places left, registering (no login; made final with the link mailed to the
address), confirming and cancelling with the links from the e-mails, the .ics file of an
event and the feed of upcoming events.
Organisers (of their own events) and the programme office (of all): creating and editing
events, the programme, the registrations with check-in, the figures and the CSV export.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.exports import csv_response
from economie071.core.forms import apply_error, error_message
from economie071.core.http import client_address
from economie071.core.links import site_host, site_url
from economie071.core.programme import programme_or_404
from economie071.events import forms, ical, permissions, selectors, services
from economie071.events.constants import RegistrationStatus
from economie071.events.exceptions import EventsError, RegistrationError, RegistrationThrottled
from economie071.events.models import Event, Registration, Session
from economie071.programme.selectors import email_is_verified


def _event_or_404(request, slug, *, manage: bool = False) -> Event:
    programme = programme_or_404()
    event = selectors.event_by_slug(programme=programme, slug=slug)
    if event is None or not permissions.can_view(request.user, event):
        raise Http404(_("There is no event here."))
    if manage and not permissions.can_manage(request.user, event):
        raise PermissionDenied
    return event


# --- Public ----------------------------------------------------------------------------------


def index(request):
    programme = programme_or_404()
    form = forms.FilterForm(request.GET or None, programme=programme)
    filters = {"kind": "", "pillar": ""}
    if form.is_valid():
        filters = form.cleaned_data
    user = request.user
    upcoming = list(selectors.event_list(programme=programme, user=user, upcoming=True, **filters))
    past = list(selectors.event_list(programme=programme, user=user, upcoming=False, **filters))
    for event in upcoming:
        event.places_left = selectors.places_left(event=event)
    return render(
        request,
        "events/index.html",
        {
            "form": form,
            "upcoming": upcoming,
            "past": past,
            "can_create": permissions.can_create(user),
            "filtered": any(filters.values()),
        },
    )


def _hold_minutes() -> int:
    return settings.EVENTS_REGISTRATION_HOLD_MINUTES


def _detail_context(request, event, form=None) -> dict:
    figures = selectors.attendance(event=event)
    user = request.user
    can_manage = permissions.can_manage(user, event)
    now = timezone.now()
    closes = event.registration_closes
    confirmed_address = email_is_verified(user=user, email=getattr(user, "email", ""))
    initial = {"name": user.get_full_name(), "email": user.email} if confirmed_address else None
    return {
        "event": event,
        "figures": figures,
        "places_left": selectors.places_left(event=event, figures=figures),
        "sessions": event.sessions.all(),
        "can_manage": can_manage,
        "form": form or forms.RegistrationForm(initial=initial),
        "confirmed_address": user.email if confirmed_address else "",
        "hold_minutes": _hold_minutes(),
        "registration_open": event.takes_registrations(now),
        "not_open_yet": event.registration_opens_at is not None
        and now < event.registration_opens_at,
        "closes": closes,
        "is_over": selectors.is_over(event=event, now=now),
    }


def detail(request, slug):
    event = _event_or_404(request, slug)
    return render(request, "events/detail.html", _detail_context(request, event))


def register(request, slug):
    event = _event_or_404(request, slug)
    if request.method != "POST":
        return redirect("events:detail", slug=event.slug)
    form = forms.RegistrationForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.registration_request(
                event=event,
                name=data["name"],
                email=data["email"],
                organisation_name=data["organisation"],
                user=request.user,
                client_address=client_address(request),
            )
        except RegistrationError as exc:
            apply_error(form, exc)
            if isinstance(exc, RegistrationThrottled):
                status = 429
        else:
            registration = outcome.registration
            if outcome.needs_confirmation:
                # The same words whatever happened: registered before or not, full or not.
                messages.info(
                    request,
                    _(
                        "Almost done: we have sent an e-mail to %(email)s. Confirm your "
                        "registration with the link in it within %(minutes)s minutes; only "
                        "then is it final."
                    )
                    % {"email": data["email"].strip().lower(), "minutes": _hold_minutes()},
                )
            elif registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "The event is full: you are on the waiting list, at position "
                        "%(position)s. You will get an e-mail when a place comes free."
                    )
                    % {"position": registration.waitlist_position},
                )
            else:
                messages.success(
                    request,
                    _(
                        "You are registered. A confirmation with a link to cancel has been "
                        "sent to %(email)s."
                    )
                    % {"email": registration.email},
                )
            return redirect("events:detail", slug=event.slug)
    return render(
        request, "events/detail.html", _detail_context(request, event, form), status=status
    )


def confirm_registration(request, token):
    """The link in the mail sent on registering: a page with a button (a link checker
    that opens the link confirms nothing), which makes the registration final."""
    registration = selectors.registration_by_confirm_token(token=token)
    if registration is None:
        return render(
            request,
            "events/confirm_registration.html",
            {
                "error": _(
                    "This confirmation link is not valid, or the registration lapsed because it "
                    "was not confirmed in time. Register again on the event's page."
                )
            },
            status=404,
        )
    error, done = None, False
    if request.method == "POST":
        try:
            registration = services.registration_confirm(token=token, actor=request.user)
        except RegistrationError as exc:
            error = error_message(exc)
        else:
            done = True
    return render(
        request,
        "events/confirm_registration.html",
        {"registration": registration, "event": registration.event, "error": error, "done": done},
        status=400 if error else 200,
    )


def cancel_registration(request, token):
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        return render(
            request,
            "events/cancel_registration.html",
            {"error": _("This cancel link is not valid. Check that you used the whole link.")},
            status=404,
        )
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_cancel(token=token, actor=request.user)
        except RegistrationError as exc:
            error = error_message(exc)
        else:
            return render(
                request,
                "events/cancel_registration.html",
                {"registration": registration, "event": registration.event, "done": True},
            )
    return render(
        request,
        "events/cancel_registration.html",
        {"registration": registration, "event": registration.event, "error": error},
        status=400 if error else 200,
    )


def _calendar_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    programme = programme_or_404()
    text = ical.events_calendar(
        name=_("Events of %(programme)s") % {"programme": programme.name},
        events=selectors.calendar_events(programme=programme),
        host=site_host(),
        base_url=site_url(),
    )
    return _calendar_response(text, "evenementen.ics")


def event_calendar(request, slug):
    event = _event_or_404(request, slug)
    if not event.date_exact:
        raise Http404(_("The day of this event is not known, so it has no calendar file."))
    text = ical.events_calendar(
        name=event.title, events=[event], host=site_host(), base_url=site_url()
    )
    return _calendar_response(text, f"{event.slug}.ics")


# --- Organisers and the programme office ------------------------------------------------------


@login_required
def event_create(request):
    programme = programme_or_404()
    if not permissions.can_create(request.user):
        raise PermissionDenied
    form = forms.EventForm(
        request.POST or None,
        programme=programme,
        can_name_organisers=permissions.is_office(request.user),
        initial={"time_known": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                programme=programme, actor=request.user, **form.cleaned_data
            )
        except EventsError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The event has been created. Publish it when it is ready."))
            return redirect("events:detail", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {"form": form, "title": _("New event"), "submit": _("Create event")},
    )


@login_required
def event_edit(request, slug):
    event = _event_or_404(request, slug, manage=True)
    form = forms.EventForm(
        request.POST or None,
        programme=event.programme,
        can_name_organisers=permissions.is_office(request.user),
        initial=forms.EventForm.initial_for(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(
                event=event,
                actor=request.user,
                **form.cleaned_data,
            )
        except EventsError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:detail", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {"form": form, "title": _("Edit event"), "event": event, "submit": _("Save")},
    )


@login_required
@require_POST
def event_publish(request, slug):
    event = _event_or_404(request, slug, manage=True)
    try:
        services.event_publish(event=event, actor=request.user)
    except EventsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The event has been published."))
    return redirect("events:detail", slug=event.slug)


@login_required
def event_cancel(request, slug):
    event = _event_or_404(request, slug, manage=True)
    form = forms.CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                event=event,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except EventsError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request, _("The event has been cancelled; everyone registered gets an e-mail.")
            )
            return redirect("events:detail", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "title": _("Cancel event"),
            "intro": _(
                "Everyone with a place or on the waiting list gets an e-mail. This cannot be "
                "undone."
            ),
            "event": event,
            "submit": _("Cancel event"),
        },
    )


@login_required
def sessions(request, slug):
    event = _event_or_404(request, slug, manage=True)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_add(event=event, actor=request.user, **form.session_values(event))
        except EventsError as exc:
            apply_error(form, exc, aliases={"starts_at": "starts", "ends_at": "ends"})
        else:
            messages.success(request, _("The session has been added."))
            return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/sessions.html",
        {"event": event, "sessions": event.sessions.all(), "form": form},
    )


@login_required
def session_edit(request, slug, pk):
    event = _event_or_404(request, slug, manage=True)
    session = get_object_or_404(Session.objects.select_related("event"), pk=pk, event=event)
    local = timezone.localtime
    initial = {
        "starts": local(session.starts_at).time() if session.starts_at else None,
        "ends": local(session.ends_at).time() if session.ends_at else None,
        "title": session.title,
        "description": session.description,
        "speakers": list(session.speakers.all()),
        "speaker_names": session.speaker_names,
    }
    form = forms.SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.session_values(event)
        speakers = values.pop("speakers")
        try:
            services.session_update(
                session=session, actor=request.user, speakers=speakers, **values
            )
        except EventsError as exc:
            apply_error(form, exc, aliases={"starts_at": "starts", "ends_at": "ends"})
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/form.html",
        {"form": form, "title": _("Edit session"), "event": event, "submit": _("Save")},
    )


@login_required
@require_POST
def session_remove(request, slug, pk):
    event = _event_or_404(request, slug, manage=True)
    session = get_object_or_404(Session.objects.select_related("event"), pk=pk, event=event)
    services.session_remove(session=session, actor=request.user)
    messages.success(request, _("The session has been removed."))
    return redirect("events:sessions", slug=event.slug)


@login_required
def registrations(request, slug):
    event = _event_or_404(request, slug, manage=True)
    figures = selectors.attendance(event=event)
    today = timezone.localdate()
    first_day, last_day = event.check_in_days
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "registrations": selectors.event_registrations(event=event),
            "figures": figures,
            "places_left": selectors.places_left(event=event, figures=figures),
            "today": today,
            "first_day": first_day,
            "last_day": last_day,
            "check_in_open": event.takes_check_in(today),
        },
    )


@login_required
@require_POST
def check_in(request, slug, pk):
    event = _event_or_404(request, slug, manage=True)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    registration.event = event
    try:
        registration = services.registration_check_in(registration=registration, actor=request.user)
    except EventsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("%(name)s has been checked in.") % {"name": registration.name})
    return redirect(f"{reverse('events:registrations', args=[event.slug])}#registration-{pk}")


@login_required
def registrations_csv(request, slug):
    event = _event_or_404(request, slug, manage=True)
    header = [
        _("Name"),
        _("E-mail address"),
        _("Organisation"),
        _("Status"),
        _("Position on the waiting list"),
        _("Registered at"),
        _("Checked in at"),
        _("Cancelled at"),
    ]
    rows = [
        [
            r.name,
            r.email,
            r.organisation_name,
            r.get_status_display(),
            r.waitlist_position,
            r.created_at,
            r.checked_in_at,
            r.cancelled_at,
        ]
        for r in selectors.event_registrations(event=event)
    ]
    return csv_response([header, *rows], filename=f"aanmeldingen-{event.slug}.csv")
