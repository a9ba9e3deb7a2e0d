from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format

from economie071.programme.exceptions import InvitationError, RegionFileError
from economie071.programme.models import Invitation
from economie071.programme.roles import PROGRAMME_OFFICE
from economie071.programme.services import (
    invitation_create,
    invitation_resend,
    region_setup,
)


class Command(BaseCommand):
    help = (
        "Set up a region of its own: the region, its municipalities (by CBS code), its "
        "programme with pillars and themes from a region file (YAML, see docs/operations.md), "
        "and an invitation by e-mail for the first programme office user. Running it again "
        "changes nothing that is already there. Inhabitants come afterwards from CBS: "
        "economie071 import_cbs --population."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, required=True, help="The region file (YAML).")
        parser.add_argument(
            "--municipalities",
            default="",
            help="CBS codes of municipalities to add to those of the file: GM0546,GM0537.",
        )
        parser.add_argument("--office-email", default="", help="Invite this address as office.")
        parser.add_argument("--office-name", default="", help="The name of the person invited.")

    def handle(self, *args, **options):
        data = self._read(options["file"])
        codes = [c.strip() for c in options["municipalities"].split(",") if c.strip()]
        if bool(options["office_email"]) != bool(options["office_name"]):
            raise CommandError("Geef --office-email en --office-name samen.")
        try:
            report = region_setup(data=data, extra_codes=codes)
        except RegionFileError as error:
            for message in error.messages:
                self.stderr.write(f"{options['file'].name}: {message}")
            raise CommandError(
                "Het regiobestand is niet gebruikt; er is niets veranderd."
            ) from None
        programme = report.programme
        names = ", ".join(f"{m.name} ({m.cbs_code})" for m in report.municipalities)
        if report.changes:
            self.stdout.write(
                f"Regio {programme.region.name} en programma {programme.name} ingericht "
                f"({report.changes} wijziging(en)); gemeenten: {names}."
            )
        else:
            self.stdout.write(
                f"Regio {programme.region.name} en programma {programme.name} stonden er al; "
                "niets veranderd."
            )
        if options["office_email"]:
            self._invite(options["office_email"].strip(), options["office_name"].strip())
        self.stdout.write(
            "Inwoneraantallen: economie071 import_cbs --population (CBS StatLine, 03759ned)."
        )

    def _read(self, path: Path):
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: kan niet worden gelezen ({error.strerror}).") from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
            raise CommandError(f"{path}: geen geldige YAML{where}.") from None

    def _invite(self, email: str, name: str) -> None:
        if get_user_model().objects.filter(email__iexact=email).exists():
            self.stdout.write(f"{email} heeft al een account; geen uitnodiging verstuurd.")
            return
        open_invitation = Invitation.objects.filter(
            email__iexact=email, accepted_at=None, withdrawn_at=None
        ).first()
        if open_invitation is not None and open_invitation.expires_at <= timezone.now():
            invitation = invitation_resend(invitation=open_invitation, actor=None)
            self.stdout.write(
                f"De uitnodiging voor {email} was verlopen; opnieuw verstuurd (geldig tot "
                f"{date_format(timezone.localtime(invitation.expires_at), 'j F Y H:i')})."
            )
            return
        if open_invitation is not None:
            self.stdout.write(
                f"{email} is al uitgenodigd (geldig tot "
                f"{date_format(timezone.localtime(open_invitation.expires_at), 'j F Y H:i')}); "
                "niets veranderd. Opnieuw versturen kan op de pagina Uitnodigingen."
            )
            return
        try:
            invitation = invitation_create(
                email=email, name=name, role=PROGRAMME_OFFICE, actor=None
            )
        except InvitationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Uitnodiging voor het programmabureau verstuurd naar {email} (geldig tot "
            f"{date_format(timezone.localtime(invitation.expires_at), 'j F Y H:i')})."
        )
