"""economie071 restore FILE: check a backup archive, put its database and files back, and
migrate (see economie071.core.backup). Stop the web processes and workers first."""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from economie071.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `economie071 backup`: verify the archive (manifest, "
        "checksums, database engine), replace the database and the uploaded files, then "
        "migrate. Refuses a database that holds data, or MEDIA_ROOT with files, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that holds data and the files in MEDIA_ROOT.",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = backup_restore(path=options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(
            f"Teruggezet: de database van {manifest['created_at']} (platform "
            f"{manifest['platform_version']}, Django {manifest['django_version']}) en "
            f"{result.media_files} bestand(en). Nu migreren…"
        )
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Klaar in {time.perf_counter() - started:.1f} s.")
