"""economie071 import_esco DIR [--lang nl --lang en] [--skip-unknown] [--no-progress]"""

from django.core.management.base import BaseCommand, CommandError

from economie071.skills import services
from economie071.skills.esco import import_esco
from economie071.skills.exceptions import EscoImportError
from economie071.skills.models import Sector


class Command(BaseCommand):
    help = (
        "Import the ESCO classification (CSV download) from DIR in one or more languages. "
        "Idempotent; each step in its own transaction; prints what it skipped and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="folder with the ESCO CSV files")
        parser.add_argument(
            "--lang",
            action="append",
            dest="langs",
            metavar="LANG",
            help="language to import (repeat: --lang nl --lang en); default nl and en",
        )
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="skip (and report) relations that name an unknown URI instead of failing",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, folder, langs, skip_unknown, no_progress, **options):
        try:
            report = import_esco(
                folder,
                langs or ["nl", "en"],
                progress=not no_progress,
                skip_unknown=skip_unknown,
            )
        except EscoImportError as exc:
            raise CommandError(str(exc)) from None
        for line in report.lines():
            self.stdout.write(line)
        if not Sector.objects.exists():
            services.sectors_load(actor=None)
            self.stdout.write("sectors: loaded the shipped table (economie071 skills_sectors)")
