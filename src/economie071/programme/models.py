from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from economie071.programme.constants import HelixSide

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f6f8b."))


class Region(models.Model):
    """A region whose municipalities run an economic programme together (e.g. 'Leidse regio')."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("A CBS municipality code looks like GM0546."))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    """Inhabitants of a municipality on 1 January of a year, with the source it comes from."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="population_figures",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    inhabitants = models.PositiveIntegerField(_("inhabitants"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), blank=True)

    class Meta:
        ordering = ["municipality__name", "year"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="population_one_figure_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(inhabitants__gt=0), name="population_inhabitants_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} 1-1-{self.year}: {self.inhabitants}"


class Programme(models.Model):
    """An economic programme of a region (Economie071 for the Leidse regio)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="programmes"
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    """One of the programme's lasting pillars (versterken, verdienen, ...)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="pillars"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=50)
    subtitle = models.CharField(_("subtitle"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, validators=[hex_colour])

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="pillar_unique_slug"),
            models.UniqueConstraint(fields=["programme", "number"], name="pillar_unique_number"),
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A newer cross-cutting theme (circulaire economie, duurzame mobiliteit, ...)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="themes"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["programme", "order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="theme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    helix = models.CharField(
        _("triple-helix side"), max_length=20, choices=HelixSide.choices, default=HelixSide.OTHER
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text=_("For a municipality's own organisation: that municipality."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


# --- Accounts of one's own -----------------------------------------------------------------


class SignupRequest(models.Model):
    """A sign-up waiting for its e-mail address to be confirmed. The account is made only
    when the link mailed to the address is followed, so nobody makes an account on an
    address that is not theirs, and the sign-up page never tells whether an address has an
    account already. Only a hash of the link's token is kept; the password is kept hashed,
    as on an account."""

    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    email = models.EmailField(_("e-mail address"), max_length=254)
    username = models.CharField(_("username"), max_length=150)
    name = models.CharField(_("name"), max_length=150)
    password = models.CharField(_("password (hashed)"), max_length=128)
    next_url = models.CharField(_("page to go on to"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link valid until"), db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sign-up awaiting confirmation")
        verbose_name_plural = _("sign-ups awaiting confirmation")

    def __str__(self) -> str:
        return self.username


class VerifiedEmail(models.Model):
    """The e-mail address a user has shown to be theirs by following a link sent to it.
    Where the platform acts on an address without a confirmation of its own (registering
    for an event), it trusts the account's address only while it is this one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="verified_email",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    verified_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("confirmed e-mail address")
        verbose_name_plural = _("confirmed e-mail addresses")

    def __str__(self) -> str:
        return self.email


class Invitation(models.Model):
    """The programme office asks someone by e-mail to join with a role. The link in the
    mail (only a hash of its token is kept) lets the person choose a username and a
    password; the account is made then, with the role's groups. A link works once and
    until it expires; sending the invitation again makes a new link and the old one stops
    working."""

    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=40)
    # The groups the account gets, by name, and whether it may use the admin (the office
    # keeps the reference data there): fixed when the invitation is made.
    groups = models.JSONField(_("groups"), default=list, blank=True)
    is_staff = models.BooleanField(_("may use the admin"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent at"))
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("link valid until"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account made"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor withdrawn (it may have expired: then it can be sent again)."""
        return self.accepted_at is None and self.withdrawn_at is None
