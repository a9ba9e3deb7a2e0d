"""economie071 skills_sectors: set the sectors of the shipped ISCO table (skills/sectors.yaml).

Every sector in the table is created or reset to it (prefixes the office changed in the
admin included); sectors the office added themselves stay as they are."""

from django.core.management.base import BaseCommand, CommandError

from economie071.skills import matching, services
from economie071.skills.exceptions import SkillsError


class Command(BaseCommand):
    help = "Load the sector table (ISCO-08 groups per sector) shipped with the platform."

    def handle(self, *args, **options):
        try:
            sectors = services.sectors_load(actor=None)
        except SkillsError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        mapped = matching.sector_map()
        for sector in sectors:
            count = sum(1 for s in mapped.values() if s == sector.pk)
            self.stdout.write(f"{sector.slug}: {count} occupation(s)")
        self.stdout.write(f"{len(mapped)} occupation(s) with a sector")
