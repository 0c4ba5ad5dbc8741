"""Rebuild the partnership register from every submitted referral (issue 14 §2): once after the
register is first installed, and after referrals arrive by a path that sends no signals (a bulk
import). Each referral's entries are rebuilt in its own transaction; erased entries are kept."""

from django.core.management.base import BaseCommand

from publications.guard import register


class Command(BaseCommand):
    help = "Rebuild the partnership register's entries from every submitted referral."

    def handle(self, *args, **options):
        count = register.rebuild()
        self.stdout.write(f"The register was rebuilt from {count} referral{'s' if count != 1 else ''}.")
