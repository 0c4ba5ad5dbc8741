"""Check everything the public can read with the anonymisation guard now (issue 14 §5): after a
deployment that changed the guard, or to see at once what the nightly re-check would find."""

from django.core.management.base import BaseCommand

from publications.guard import live


class Command(BaseCommand):
    help = "Check every live report, key messages, link and theme with the anonymisation guard now."

    def handle(self, *args, **options):
        count = live.recheck_all()
        self.stdout.write(f"{count} live item{'s' if count != 1 else ''} with protected terms found.")
