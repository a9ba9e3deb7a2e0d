"""economie071 events_expire_registrations: clear the registrations whose e-mail address was
not confirmed in time (EVENTS_REGISTRATION_HOLD_MINUTES) and give their places to the
waiting list. Run it every few minutes; registering and confirming clear them as well."""

from django.core.management.base import BaseCommand

from economie071.events.services import registrations_expire


class Command(BaseCommand):
    help = "Clear lapsed unconfirmed event registrations; their places go to the waiting list."

    def handle(self, *args, **options):
        count = registrations_expire()
        self.stdout.write(f"{count} event(s) with lapsed registrations")
