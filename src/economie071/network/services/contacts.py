"""Contact requests: a visitor's message to an organisation in the directory, stored and
mailed on (through the outbox) with the visitor's address to reply to, limited per address.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import EmailValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.core.models import OutgoingMail
from economie071.network import permissions
from economie071.network.constants import (
    CONTACT_LIMIT,
    CONTACT_MESSAGE_MAX,
    CONTACT_WINDOW_MINUTES,
    ExchangeDirection,
)
from economie071.network.exceptions import NotAllowed, TooManyRequests
from economie071.network.models import Challenge, ContactRequest, Exchange, NetworkProfile
from economie071.network.services._common import _error, _required_text


def contact_possible(profile: NetworkProfile) -> bool:
    return profile.is_published and profile.accepts_contact and bool(profile.contact_email)


def contact_request_send(
    *,
    profile: NetworkProfile,
    name: str,
    email: str,
    message: str,
    actor: User | AnonymousUser | None = None,
    exchange: Exchange | None = None,
    challenge: Challenge | None = None,
) -> ContactRequest:
    """Store a visitor's message and forward it by e-mail to the organisation's contact
    address after the transaction commits. The sender's address becomes the Reply-To, so
    the organisation answers directly; the visitor never sees the organisation's address.

    The message may be about one of the offers or needs the profile shows, or one of the
    organisation's published challenges; its words are kept with the request."""
    if not contact_possible(profile):
        raise _error(_("This organisation does not receive messages through the site."), "profile")
    name = _required_text(name, _("Name"), "name", 200)
    if "\n" in name or "\r" in name:
        raise _error(_("Name: one line only."), "name")
    email = _required_text(email, _("E-mail address"), "email", 254).lower()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise _error(_("E-mail address: not a valid e-mail address."), "email") from None
    message = _required_text(message, _("Message"), "message", CONTACT_MESSAGE_MAX)
    about = contact_subject(profile=profile, exchange=exchange, challenge=challenge)
    since = timezone.now() - datetime.timedelta(minutes=CONTACT_WINDOW_MINUTES)
    with transaction.atomic():
        recent = ContactRequest.objects.filter(email=email, created_at__gte=since).count()
        if recent >= CONTACT_LIMIT:
            raise TooManyRequests(
                _(
                    "You have already sent %(count)d messages in the last hour; "
                    "please try again later."
                )
                % {"count": recent},
                code="email",
            )
        request = ContactRequest.objects.create(
            profile=profile,
            name=name,
            email=email,
            message=message,
            about=about,
            challenge=challenge,
        )
        audit_record(
            action="network.contact_request.sent",
            actor=actor,
            target=request,
            summary=str(profile.organisation),
        )
        _forward_contact_request(request)
    return request


def contact_subject(
    *, profile: NetworkProfile, exchange: Exchange | None, challenge: Challenge | None
) -> str:
    """What a message is about in words ("Aanbod: Stageplaatsen – …"), checking that the
    offer, need or challenge is one the organisation shows; empty for a general message."""
    if exchange is not None and challenge is not None:
        raise _error(_("About: choose one offer, need or challenge."), "about")
    if exchange is not None:
        shown: dict[str, bool] = {
            ExchangeDirection.OFFERS.value: profile.show_offers,
            ExchangeDirection.SEEKS.value: profile.show_seeks,
        }
        if exchange.profile_id != profile.pk or not shown.get(str(exchange.direction)):
            raise _error(_("About: this organisation does not show that offer or need."), "about")
        if exchange.direction == ExchangeDirection.OFFERS:
            label = _("Offer: %(kind)s") % {"kind": exchange.get_kind_display()}
        else:
            label = _("Need: %(kind)s") % {"kind": exchange.get_kind_display()}
        return f"{label} – {exchange.text}" if exchange.text else label
    if challenge is not None:
        if challenge.organisation_id != profile.organisation_id or not challenge.is_published:
            raise _error(_("About: this organisation has no such challenge."), "about")
        return _("Challenge: %(title)s") % {"title": challenge.title}
    return ""


def contact_request_set_handled(
    *, request: ContactRequest, actor: User, handled: bool = True
) -> ContactRequest:
    """A member of the receiving organisation marks a request handled (or open again)."""
    if not permissions.can_read_contact_requests(actor, request.profile):
        raise NotAllowed(
            _("Only the organisation's own people handle its messages."), code="not_allowed"
        )
    with transaction.atomic():
        request = ContactRequest.objects.select_for_update().get(pk=request.pk)
        if request.handled == handled:
            return request
        request.handled_at = timezone.now() if handled else None
        request.handled_by = actor if handled else None
        request.save(update_fields=["handled_at", "handled_by"])
        audit_record(
            action="network.contact_request.handled"
            if handled
            else "network.contact_request.reopened",
            actor=actor,
            target=request,
            summary=str(request.profile.organisation),
        )
    return request


CONTACT_REQUEST_MAIL = "network.contact_request.sent"


def _forward_contact_request(request: ContactRequest) -> None:
    """Mail the message to the organisation (through the outbox, once committed), with the
    sender as the address to reply to. `forwarded_at` is set once the mail has gone."""
    profile = request.profile
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Message through Economie071 from %(name)s") % {"name": request.name}
        body = render_to_string(
            "network/email/contact_request.txt",
            {
                "request": request,
                "organisation": profile.organisation,
                "inbox_url": absolute_url(
                    reverse("network:contact_requests", args=[profile.organisation.slug])
                ),
            },
        )
    message = EmailMessage(
        subject=subject, body=body, to=[profile.contact_email], reply_to=[request.email]
    )
    mail_send(messages=[message], topic=CONTACT_REQUEST_MAIL, reference=request.pk)


def contact_request_forwarded(
    sender: type[OutgoingMail], *, mail: OutgoingMail, **kwargs: object
) -> None:
    """Heard from the outbox (`mail_sent`): the mail of a contact request has gone."""
    if mail.topic == CONTACT_REQUEST_MAIL:
        ContactRequest.objects.filter(pk=int(mail.reference), forwarded_at=None).update(
            forwarded_at=mail.sent_at
        )
