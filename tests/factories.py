import factory
from django.contrib.auth.models import Group

from cscp.accounts.models import Agency, AllowedDomain, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.LOCAL_AUTHORITY


class AllowedDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllowedDomain
        django_get_or_create = ("domain",)

    domain = factory.Sequence(lambda n: f"agency{n}.example")
    agency = factory.SubFactory(AgencyFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@agency.example")
    full_name = factory.Faker("name", locale="en_GB")
    agency = factory.SubFactory(AgencyFactory)
    email_verified_at = factory.Faker("past_datetime", tzinfo=__import__("datetime").UTC)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


PASSWORD = "correct-horse-battery"
