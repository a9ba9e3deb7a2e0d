from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from economie071.core.programme import programme_current
from economie071.monitor import services
from economie071.monitor.cbs import DEFAULT_TIMEOUT, CbsClient, CbsError
from economie071.monitor.exceptions import ImportRejected, MonitorError


class Command(BaseCommand):
    help = (
        "Import indicator figures from CBS StatLine (OData v3 or v4) for the programme's "
        "municipalities, following the CBS mappings (indicator, years, table id, measure). "
        "Everything is fetched first and checked like a file import: with any problem, or when "
        "CBS cannot be reached, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--indicator", action="append", default=[], help="Only this indicator (repeatable)."
        )
        parser.add_argument(
            "--year", action="append", type=int, default=[], help="Only this year (repeatable)."
        )
        parser.add_argument(
            "table_id",
            nargs="?",
            default="",
            metavar="TABLE",
            help="Only the mappings of this CBS table id (e.g. 84583NED); same as --table.",
        )
        parser.add_argument("--table", default="", help="Only the mappings of this table id.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help="A YAML file with mappings to add or update first (all or none).",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="Ask this host instead of opendata.cbs.nl / datasets.cbs.nl (a mirror).",
        )
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
        parser.add_argument("--user", default="", help="Username recorded as the importer.")
        parser.add_argument(
            "--population",
            action="store_true",
            help="Import the inhabitants of the municipalities (table 03759ned, all years CBS "
            "has, or those of --year) as the programme's population figures, instead of the "
            "mapped indicators.",
        )

    def handle(self, *args, **options):
        options["table"] = options["table"] or options["table_id"]
        programme = programme_current()
        if programme is None:
            raise CommandError("No programme has been set up yet.")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Unknown user: {options['user']}.")
        if options["mapping"]:
            self._load_mappings(options["mapping"], actor)
        client = CbsClient(base_url=options["base_url"], timeout=options["timeout"])
        if options["population"]:
            return self._population(programme, client, actor, options["year"])
        bar = None

        def progress(mapping, years):
            nonlocal bar
            if bar is not None:
                bar.set_description(f"{mapping.indicator.slug} {mapping.table_id}")
                bar.update(1)

        try:
            plan = services.cbs_plan(
                indicators=options["indicator"], years=options["year"], table=options["table"]
            )
            bar = tqdm(
                total=len(plan),
                unit="table",
                file=self.stderr,
                disable=not self.stderr.isatty(),
            )
            result = services.cbs_import(
                actor=actor,
                programme=programme,
                client=client,
                indicators=options["indicator"],
                years=options["year"],
                table=options["table"],
                progress=progress,
            )
        except CbsError as error:
            raise CommandError(
                f"CBS StatLine: {error.url}: {error.reason}. Nothing was imported."
            ) from None
        except ImportRejected as error:
            for message in error.messages:
                self.stderr.write(f"CBS: {message}")
            raise CommandError("The CBS figures were not accepted; nothing was imported.") from None
        except MonitorError as error:
            raise CommandError(" ".join(error.messages)) from None
        finally:
            if bar is not None:
                bar.close()
        for url in result.urls:
            self.stdout.write(f"Fetched {url}")
        for message in result.missing:
            self.stdout.write(f"Not available: {message}")
        for _line, message in result.batch.warnings:
            self.stdout.write(f"Check: {message}")
        self.stdout.write(
            f"CBS StatLine: {result.values} value(s) read, {result.batch.created} observation(s) "
            f"created, {result.batch.updated} updated."
        )

    def _population(self, programme, client, actor, years) -> None:
        try:
            result = services.population_import(
                actor=actor, programme=programme, client=client, years=years
            )
        except CbsError as error:
            raise CommandError(
                f"CBS StatLine: {error.url}: {error.reason}. Nothing was imported."
            ) from None
        except MonitorError as error:
            for message in error.messages:
                self.stderr.write(f"CBS: {message}")
            raise CommandError("The inhabitants were not imported.") from None
        for url in result.urls:
            self.stdout.write(f"Fetched {url}")
        for message in result.missing:
            self.stdout.write(f"Not available: {message}")
        self.stdout.write(
            f"CBS StatLine 03759ned: {result.written} population figure(s) stored for "
            f"{programme.region.name}."
        )

    def _load_mappings(self, path: Path, actor) -> None:
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
        except yaml.YAMLError as error:
            raise CommandError(f"{path}: not valid YAML ({error}).") from None
        if isinstance(entries, dict):
            entries = entries.get("mappings")
        try:
            mappings = services.cbs_mappings_load(actor=actor, entries=entries)
        except MonitorError as error:
            for message in error.messages:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(f"{path.name}: no mapping was saved.") from None
        self.stdout.write(f"{path.name}: {len(mappings)} mapping(s) saved.")
