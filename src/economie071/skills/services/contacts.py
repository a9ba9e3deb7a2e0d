"""From a match to a conversation: a job seeker's interest in a vacancy, an employer's
invitation, an adviser's proposal, the person's answer (and what they share), and the
outcome the employer or adviser records.

No e-mail address reaches an employer unless the person shares it: the e-mails these
services send go to the person (an invitation, a proposal) or to the employer's own address
(someone is interested), and never carry the other side's address; the employer reads what
the person chose to share on the platform.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.skills import matching, permissions
from economie071.skills.constants import (
    CONTACT_MESSAGE_MAX,
    ContactKind,
    ContactStatus,
    NotHiredReason,
    OrganisationRoleKind,
    Outcome,
    VacancyStatus,
)
from economie071.skills.exceptions import NoConsent
from economie071.skills.models import (
    MatchContact,
    MatchLog,
    OrganisationRole,
    Passport,
    TrainingModule,
    Vacancy,
)
from economie071.skills.services._common import _deny, _error

CONTACT_MAIL = "skills.contact"


def _message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > CONTACT_MESSAGE_MAX:
        raise _error(
            _("Message: at most %(max)s characters (now %(count)s).")
            % {"max": CONTACT_MESSAGE_MAX, "count": len(message)},
            "message",
        )
    return message


def _consenting(passport: Passport) -> None:
    if not passport.has_consent:
        raise NoConsent(_("Passport: this person withdrew their consent."), code="passport")


def _open_vacancy(vacancy: Vacancy) -> None:
    if vacancy.status != VacancyStatus.OPEN:
        raise _error(_("Vacancy: this vacancy is not open."), "vacancy")


def _suggestion(passport: Passport, vacancy: Vacancy | None, viewer) -> MatchLog | None:
    """The latest suggestion of this pair shown to `viewer` (else to anyone): the match log
    row the contact follows from."""
    if vacancy is None:
        return None
    logs = MatchLog.objects.filter(passport=passport, vacancy=vacancy).order_by("-shown_at", "-id")
    return logs.filter(viewer=viewer).first() or logs.first()


def _where(vacancy: Vacancy | None) -> dict:
    if vacancy is None:
        return {"sector_id": None, "municipality_id": None}
    sector_id = matching.sector_map().get(vacancy.occupation_id) if vacancy.occupation_id else None
    return {"sector_id": sector_id, "municipality_id": vacancy.municipality_id}


def _mail(*, to: list[str], subject: str, template: str, context: dict, contact) -> None:
    to = [address for address in to if address]
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject = str(subject)
    mail_send(
        messages=[EmailMessage(subject=subject, body=body, to=to)],
        topic=CONTACT_MAIL,
        reference=contact.pk,
    )


def _employer_addresses(vacancy: Vacancy) -> list[str]:
    return sorted(
        {
            email
            for email in OrganisationRole.objects.filter(
                organisation=vacancy.organisation_id, role=OrganisationRoleKind.EMPLOYER
            ).values_list("user__email", flat=True)
            if email
        }
    )


def _audit(contact: MatchContact, actor, action: str, data: dict | None = None) -> None:
    audit_record(
        action=f"skills.contact.{action}",
        actor=actor,
        target=contact,
        summary=contact.get_kind_display(),
        data={"kind": contact.kind, **(data or {})},
    )


def interest_express(
    *,
    passport: Passport,
    vacancy: Vacancy,
    actor: User | None,
    share_summary: bool,
    share_contact: bool,
    message: str = "",
) -> MatchContact:
    """The person says "ik heb interesse" in an open vacancy and chooses what its employer
    sees: their passport summary, their name and e-mail address, both or neither. The
    employer is mailed that someone is interested (without any of it)."""
    _deny(permissions.can_express_interest(actor, passport))
    _consenting(passport)
    _open_vacancy(vacancy)
    message = _message(message)
    if MatchContact.objects.filter(
        kind=ContactKind.INTEREST, passport=passport, vacancy=vacancy
    ).exists():
        raise _error(_("Vacancy: you already showed interest in this vacancy."), "vacancy")
    now = timezone.now()
    with transaction.atomic():
        contact = MatchContact.objects.create(
            kind=ContactKind.INTEREST,
            passport=passport,
            vacancy=vacancy,
            created_by=actor,
            message=message,
            share_summary=bool(share_summary),
            share_contact=bool(share_contact),
            contact_shared_at=now if share_contact else None,
            status=ContactStatus.ACCEPTED,
            responded_at=now,
            match_log=_suggestion(passport, vacancy, actor),
            **_where(vacancy),
        )
        _audit(contact, actor, "interest", {"vacancy": vacancy.pk})
        link = absolute_url(reverse("skills:vacancy", args=[vacancy.pk]))
        _mail(
            to=_employer_addresses(vacancy),
            subject=_("Interest in your vacancy “%(title)s”") % {"title": vacancy.title},
            template="skills/email/interest.txt",
            context={"vacancy": vacancy, "link": link},
            contact=contact,
        )
    return contact


def invitation_send(
    *, vacancy: Vacancy, passport: Passport, actor: User | None, message: str = ""
) -> MatchContact:
    """The employer invites a candidate who chose to be findable. The person gets it on the
    platform and by e-mail, and decides whether to share their contact details."""
    _deny(permissions.can_invite(actor, vacancy))
    _consenting(passport)
    if not passport.discoverable:
        raise _error(
            _("Candidate: this person does not want to be found by employers."), "passport"
        )
    _open_vacancy(vacancy)
    message = _message(message)
    if MatchContact.objects.filter(
        kind=ContactKind.INVITATION, passport=passport, vacancy=vacancy
    ).exists():
        raise _error(_("Candidate: already invited for this vacancy."), "passport")
    with transaction.atomic():
        contact = MatchContact.objects.create(
            kind=ContactKind.INVITATION,
            passport=passport,
            vacancy=vacancy,
            created_by=actor,
            message=message,
            match_log=_suggestion(passport, vacancy, actor),
            **_where(vacancy),
        )
        _audit(contact, actor, "invited", {"vacancy": vacancy.pk})
        _mail_person(
            contact, _("An invitation for the vacancy “%(title)s”") % {"title": vacancy.title}
        )
    return contact


def proposal_make(
    *,
    passport: Passport,
    actor: User | None,
    vacancy: Vacancy | None = None,
    module: TrainingModule | None = None,
    message: str = "",
) -> MatchContact:
    """A career adviser proposes a vacancy or a training module to a person they support."""
    _deny(permissions.can_propose(actor))
    _consenting(passport)
    if (vacancy is None) == (module is None):
        raise _error(_("Proposal: give either a vacancy or a training module."), "vacancy")
    if vacancy is not None:
        _open_vacancy(vacancy)
    if module is not None and not module.active:
        raise _error(_("Training module: this module is not offered."), "module")
    message = _message(message)
    with transaction.atomic():
        contact = MatchContact.objects.create(
            kind=ContactKind.PROPOSAL,
            passport=passport,
            vacancy=vacancy,
            module=module,
            created_by=actor,
            message=message,
            match_log=_suggestion(passport, vacancy, actor),
            **_where(vacancy),
        )
        _audit(
            contact,
            actor,
            "proposed",
            {"vacancy": getattr(vacancy, "pk", None), "module": getattr(module, "pk", None)},
        )
        proposed = vacancy if vacancy is not None else module
        assert proposed is not None  # exactly one of the two, checked above
        what = proposed.title
        _mail_person(contact, _("A proposal from your career adviser: %(what)s") % {"what": what})
    return contact


def _mail_person(contact: MatchContact, subject: str) -> None:
    if contact.passport is None:  # anonymised: nobody to tell
        return
    _mail(
        to=[contact.passport.user.email],
        subject=subject,
        template="skills/email/to_person.txt",
        context={"contact": contact, "link": absolute_url(reverse("skills:contacts"))},
        contact=contact,
    )


def contact_answer(
    *, contact: MatchContact, actor: User | None, accept: bool, share_contact: bool = False
) -> MatchContact:
    """The person answers an invitation or a proposal; sharing their name and e-mail
    address with the employer is their choice (also later, on an interest)."""
    _deny(permissions.can_answer_contact(actor, contact))
    if contact.kind == ContactKind.INTEREST and not share_contact:
        raise _error(_("Answer: your interest needs no answer."), "contact")
    with transaction.atomic():
        now = timezone.now()
        if contact.kind != ContactKind.INTEREST:
            contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
            contact.responded_at = now
        if share_contact and (accept or contact.kind == ContactKind.INTEREST):
            contact.share_contact = True
            contact.contact_shared_at = contact.contact_shared_at or now
        contact.save(update_fields=["status", "responded_at", "share_contact", "contact_shared_at"])
        _audit(
            contact, actor, "answered", {"status": contact.status, "shared": contact.share_contact}
        )
    return contact


def contact_outcome_record(
    *, contact: MatchContact, actor: User | None, outcome: str, reason: str = ""
) -> MatchContact:
    """The employer or adviser records what came of it: invited for a conversation, talked,
    hired, or not hired with a reason category."""
    _deny(permissions.can_record_outcome(actor, contact))
    if outcome not in Outcome.values:
        raise _error(
            _("Outcome: unknown outcome “%(value)s”.") % {"value": str(outcome)[:30]}, "outcome"
        )
    if outcome == Outcome.NOT_HIRED and reason not in NotHiredReason.values:
        raise _error(_("Reason: choose why it did not lead to a job."), "reason")
    if outcome != Outcome.NOT_HIRED and reason:
        raise _error(_("Reason: only for “not hired”."), "reason")
    if contact.status == ContactStatus.DECLINED:
        raise _error(_("Outcome: the person declined this."), "outcome")
    with transaction.atomic():
        contact.outcome = outcome
        contact.outcome_reason = reason
        contact.outcome_by = actor
        contact.outcome_at = timezone.now()
        contact.save(update_fields=["outcome", "outcome_reason", "outcome_by", "outcome_at"])
        _audit(contact, actor, "outcome", {"outcome": outcome, "reason": reason})
    return contact
