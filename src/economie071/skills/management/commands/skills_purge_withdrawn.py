"""economie071 skills_purge_withdrawn: erase passports whose consent was withdrawn longer
ago than the retention time (constants.WITHDRAWN_RETENTION_DAYS). Run it daily."""

from django.core.management.base import BaseCommand

from economie071.skills.services import passports_purge_withdrawn


class Command(BaseCommand):
    help = "Erase the skills passports whose consent was withdrawn beyond the retention time."

    def handle(self, *args, **options):
        count = passports_purge_withdrawn()
        self.stdout.write(f"{count} passport(s) erased")
