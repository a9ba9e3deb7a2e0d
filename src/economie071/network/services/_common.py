"""Checks the network's writes share: refusals naming the field, permission, required
text, web addresses, slugs, and a new student team (for a challenge or a trajectory).
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.network.constants import RESERVED_SLUGS
from economie071.network.exceptions import NetworkError, NotAllowed
from economie071.network.models import StudentTeam
from economie071.programme.constants import HelixSide
from economie071.programme.models import Organisation


def _error(message: str, field: str) -> NetworkError:
    return NetworkError(message, code=field)


def _allow(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _trusted(actor) -> bool:
    return actor is None


def _unique_slug(model, text: str, slug: str = "") -> str:
    """The given slug (which must be free), or one made from the text (numbered if taken)."""
    if slug:
        if slug != slugify(slug) or slug in RESERVED_SLUGS:
            raise _error(
                _("Slug: use lower-case letters, digits and hyphens (not “%(slug)s”).")
                % {"slug": slug},
                "slug",
            )
        if model.objects.filter(slug=slug).exists():
            raise _error(_("Slug: “%(slug)s” is already in use.") % {"slug": slug}, "slug")
        return slug
    base = slugify(text)[:100] or "item"
    candidate, n = base, 1
    while candidate in RESERVED_SLUGS or model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _required_text(value: str, label: str, field: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise _error(_("%(label)s: required.") % {"label": label}, field)
    if max_length and len(value) > max_length:
        raise _error(
            _("%(label)s: at most %(max)d characters.") % {"label": label, "max": max_length},
            field,
        )
    return value


def _check_url(url: str, label: str, field: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _error(
                _("%(label)s: give a full web address starting with https://.") % {"label": label},
                field,
            ) from None
    return url


def _team_new(
    *, name: str, school: Organisation | None, study_programme: str, student_count, note: str = ""
) -> StudentTeam:
    """A new team (unsaved checks only; the caller saves it inside its transaction)."""
    if school is not None and school.helix != HelixSide.EDUCATION:
        raise _error(
            _("School: %(school)s is not on the education side.") % {"school": school}, "school"
        )
    if student_count is not None and student_count < 1:
        raise _error(_("Number of students: 1 or more, or leave it empty."), "student_count")
    name = (name or "").strip()
    if not name:
        parts = [p for p in ((study_programme or "").strip(), str(school or "")) if p]
        name = " – ".join(parts) or _("Student team")
    return StudentTeam(
        name=name[:200],
        school=school,
        study_programme=(study_programme or "").strip()[:200],
        student_count=student_count,
        note=(note or "").strip()[:300],
    )
