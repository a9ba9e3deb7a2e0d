from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from economie071.monitor import services
from economie071.monitor.exceptions import ImportRejected
from economie071.monitor.tables import DEMAND, OBSERVATIONS, PARKS, RETAIL, TableError, read_table

KINDS = {
    "observations": (OBSERVATIONS, services.observations_import),
    "retail": (RETAIL, services.retail_figures_import),
    "parks": (PARKS, services.park_figures_import),
    "demand": (DEMAND, services.land_demand_import),
}
CREATES = {"retail", "parks"}  # the kinds that may create shopping areas or business parks
TEMPLATE = OBSERVATIONS.template().rstrip("\n")


class Command(BaseCommand):
    help = (
        "Import monitor figures from a .csv or .xlsx file in its template: indicator "
        "observations (default; columns indicator, area, year, value, unit, status, source, "
        "retrieved_on), or with --kind retail, parks or demand the retail monitor, business "
        "park or land demand figures (--template prints the template). Every row is checked "
        "first; with any bad line nothing is imported and every bad line is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--kind", choices=sorted(KINDS), default="observations", help="What the file holds."
        )
        parser.add_argument(
            "--template", action="store_true", help="Print the CSV template and exit."
        )
        parser.add_argument("--user", default="", help="Username recorded as the importer.")
        parser.add_argument(
            "--create-new",
            action="store_true",
            help="With --kind retail or parks: create the shopping areas or business parks "
            "the monitor does not know yet. Without it an unknown name is a bad line.",
        )

    def handle(
        self,
        *args,
        file: Path | None,
        user: str,
        template: bool,
        kind: str,
        create_new: bool,
        **options,
    ):
        spec, service = KINDS[kind]
        if create_new and kind not in CREATES:
            raise CommandError("--create-new is for --kind retail or parks.")
        extra = {"create_new": create_new} if kind in CREATES else {}
        if template:
            self.stdout.write(spec.template().rstrip("\n"))
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
            rows = read_table(data, file.name, spec)
            batch = service(actor=actor, rows=rows, file_name=file.name, **extra)
        except TableError as error:
            raise CommandError(f"{file.name}: {error} Nothing was imported.") from None
        except ImportRejected as error:
            for message in error.messages:
                self.stderr.write(f"{file.name}: {message}")
            count = len({line for line, _m in error.line_errors})
            raise CommandError(
                f"{file.name}: {count or len(error.file_errors)} bad line(s); nothing was imported."
            ) from None
        for line, message in batch.warnings:
            self.stdout.write(f"{file.name}: line {line}: {message}")
        noun = "observation(s)" if kind == "observations" else "figure(s)"
        self.stdout.write(
            f"{file.name}: {len(rows)} row(s) read, {batch.created} {noun} created, "
            f"{batch.updated} updated."
        )
