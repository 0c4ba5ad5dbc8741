"""`manage.py enrolment_link EMAIL`: print a staff account's enrolment link, for the first
administrator and for recovery (issue 18 §2). It voids any earlier link and is audited; it does
not remove an app already set up (re-enrolment from the service does that)."""

from django.core.management.base import BaseCommand, CommandError

from cscp.accounts import enrolment
from cscp.accounts.models import User
from cscp.accounts.two_factor import confirmed_app_device


class Command(BaseCommand):
    help = "Print a single-use link with which a staff account sets up its authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the account's current app and recovery codes first.",
        )

    def handle(self, *args, email, replace, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}.")
        if not user.is_active or not user.is_staff_role:
            raise CommandError(
                f"{user.email} is not an active staff account: only staff enrol a second factor."
            )
        if confirmed_app_device(user) and not replace:
            raise CommandError(f"{user.email} has an authenticator app already. Add --replace to remove it.")
        if replace:
            enrolment.devices_remove(user=user)
        link = enrolment.enrolment_invite(user=user, reason="printed")
        self.stdout.write(f"Enrolment link for {user.email} (works once):\n{link}")
