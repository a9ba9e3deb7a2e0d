from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from economie071.monitor import services
from economie071.monitor.exceptions import ImportRejected
from economie071.monitor.tables import COLUMNS, TableError, read_table

TEMPLATE = (
    ",".join(COLUMNS) + "\n" + "banen,leiden,2019,1234.5,banen,final,Bron van het cijfer,2020-03-01"
)


class Command(BaseCommand):
    help = (
        "Import indicator observations from a .csv or .xlsx file in the template (columns "
        "indicator, area, year, value, unit, status, source, retrieved_on; --template prints "
        "it). Every row is checked first; with any bad "
        "line nothing is imported and every bad line is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--template", action="store_true", help="Print the CSV template and exit."
        )
        parser.add_argument("--user", default="", help="Username recorded as the importer.")

    def handle(self, *args, file: Path | None, user: str, template: bool, **options):
        if template:
            self.stdout.write(TEMPLATE)
            return
        if file is None:
            raise CommandError("Name the file to import (or use --template).")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Unknown user: {user}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        try:
            rows = read_table(data, file.name)
            batch = services.observations_import(actor=actor, rows=rows, file_name=file.name)
        except TableError as error:
            raise CommandError(f"{file.name}: {error} Nothing was imported.") from None
        except ImportRejected as error:
            for message in error.messages:
                self.stderr.write(f"{file.name}: {message}")
            count = len({line for line, _m in error.line_errors})
            raise CommandError(
                f"{file.name}: {count or len(error.file_errors)} bad line(s); nothing was imported."
            ) from None
        self.stdout.write(
            f"{file.name}: {len(rows)} row(s) read, {batch.created} observation(s) created, "
            f"{batch.updated} updated."
        )
