from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .roles import STAFF_ROLES, Role


class Agency(models.Model):
    """A partner agency: council, NHS trust, police, school, probation, voluntary sector..."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority (children's social care)"
        POLICE = "police", "Police"
        HEALTH = "health", "Health (ICB, NHS trust, GP)"
        EDUCATION = "education", "School or education setting"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        VOLUNTARY = "voluntary", "Voluntary or community sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    is_statutory_partner = models.BooleanField(
        default=False, help_text="One of the three safeguarding partners (local authority, ICB, police)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


def email_domain(email: str) -> str:
    """The part after the last @, lower-cased. Callers validate the address first."""
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".")


class AllowedDomainQuerySet(models.QuerySet):
    def allowing(self, email: str):
        """Domains on the list that admit this address: an exact match, or a parent domain
        whose entry explicitly admits subdomains."""
        domain = email_domain(email)
        labels = domain.split(".")
        parents = [".".join(labels[i:]) for i in range(1, len(labels) - 1)]
        return self.filter(models.Q(domain=domain) | models.Q(domain__in=parents, include_subdomains=True))

    def admits(self, email: str) -> bool:
        return "@" in email and self.allowing(email).exists()


class AllowedDomain(models.Model):
    """An email domain whose holders may register as referrers. Coordinators manage the list."""

    domain = models.CharField(max_length=253, unique=True, help_text="For example croydon.gov.uk")
    include_subdomains = models.BooleanField(
        default=False, help_text="Also admit addresses at any subdomain, such as nhs.net for x.nhs.net."
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="domains"
    )
    added_by = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AllowedDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def admits_domain(self, domain: str) -> bool:
        return domain == self.domain or (self.include_subdomains and domain.endswith("." + self.domain))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, email_verified_at=timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The email address is the login; roles are groups."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_reason = models.CharField(max_length=200, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_referrer(self) -> bool:
        return Role.REFERRER in self.roles

    @property
    def is_staff_role(self) -> bool:
        """Staff sign in with a second factor (design.md §1)."""
        return self.is_superuser or bool(self.roles & STAFF_ROLES)


class UserSession(models.Model):
    """An index of a user's signed-in sessions (the session store cannot be searched by user),
    written at sign-in and deleted at sign-out or when the session is found ended. What the
    "Your sessions" page lists; the device is a short browser-and-system label, never the
    address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} on {self.user_agent or 'an unknown device'}"
