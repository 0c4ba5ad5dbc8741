import factory
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    to = factory.Sequence(lambda n: f"person{n}@council.example")
    template = "outbox-test"
    subject = factory.Sequence(lambda n: f"Referral SPR-2026-{n:04d} needs your attention")
    body_text = "Referral updated.\n"
    body_html = "<p>Referral updated.</p>"
    next_attempt_at = factory.LazyFunction(timezone.now)
