from crispy_forms_gds.layout import Field
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from cscp.core.forms import GDSForm, GDSModelForm, gds_helper

from .emails import lenient_email, normalise_domain, normalise_email
from .models import Agency, AllowedDomain, User


class StrictEmailField(forms.EmailField):
    """An address in its one accepted spelling (cscp/accounts/emails.py): no quoted local part,
    comment or IP literal; the domain lower-cased in IDNA form."""

    def clean(self, value):
        value = super().clean(value)
        return normalise_email(value) if value else value


def _email_field(label="Email address", hint=""):
    return StrictEmailField(
        label=label,
        help_text=hint,
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"}),
    )


class RegistrationForm(GDSForm):
    submit_label = "Create account"

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = _email_field(
        "Work email address",
        "Use the email address your agency gave you. Only agencies registered with the partnership can refer.",
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        error_messages={"required": "Enter your job title"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose your agency",
        error_messages={
            "required": "Select your agency",
            "invalid_choice": "Select your agency from the list",
        },
    )
    phone = forms.CharField(
        label="Work telephone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="Use at least 12 characters. Avoid common words and your name.",
        strip=False,
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Enter your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def layout_fields(self):
        return [
            Field.text("full_name", field_width=20),
            Field.text("email", field_width=20),
            Field.text("job_title", field_width=20),
            Field.select("agency"),
            Field.text("phone", field_width=20),
            Field.text("password1", field_width=20),
            Field.text("password2", field_width=20),
        ]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not AllowedDomain.objects.admits(email):
            raise ValidationError(
                "Enter an email address from an agency registered with the partnership. "
                f"If your agency is not registered, contact {settings.CSCP_CONTACT_EMAIL}"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Enter the same password in both boxes")
        elif password1:
            # Checked against a user built from what was typed, so similarity to the name or
            # email address counts.
            candidate = User(email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form in GOV.UK dress. The same message for a wrong password and an
    unknown address, so the form cannot be used to find out who has an account."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password. If you have forgotten your password, reset it.",
        "inactive": "Enter a correct email address and password. If you have forgotten your password, reset it.",
        "unverified": "Confirm your email address before you sign in. Use the link we emailed you, or ask for a new one.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": False}
        )
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper(
            Field.text("username", field_width=20), Field.text("password", field_width=20), submit="Sign in"
        )

    def clean_username(self):
        # The spelling the account and the lockout count are kept under; an address that is not
        # one gets the same message as a wrong password.
        return lenient_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class EmailOnlyForm(GDSForm):
    submit_label = "Send link"
    email = _email_field()


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """Sends the reset link through the outbox, never from inside the request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = _email_field()
        self.helper = gds_helper(Field.text("email", field_width=20), submit="Send reset link")

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from cscp.notifications.services import email_enqueue

        reset_path = f"/accounts/reset/{context['uid']}/{context['token']}/"
        email_enqueue(
            to=to_email,
            template="accounts-password-reset",
            context={"reset_url": settings.CSCP_SITE_URL + reset_path},
            recipient=context["user"],
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dress(self)
        self.helper = gds_helper(
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
            submit="Save password",
        )

    @staticmethod
    def dress(form):
        """The new-password fields' GOV.UK labels and messages, shared with PasswordChangeForm."""
        form.fields["new_password1"].label = "New password"
        form.fields[
            "new_password1"
        ].help_text = "Use at least 12 characters. Avoid common words and your name."
        form.fields["new_password1"].error_messages["required"] = "Enter a new password"
        form.fields["new_password2"].label = "Confirm your new password"
        form.fields["new_password2"].error_messages["required"] = "Enter your new password again"
        form.error_messages = {
            **form.error_messages,
            "password_mismatch": "Enter the same password in both boxes",
        }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's change-password form (current password, then a new one the validators accept)
    in GOV.UK dress, with the reset form's labels and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        SetPasswordForm.dress(self)  # first: it gives the form its own error_messages
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages["password_incorrect"] = "Your current password is not right. Enter it again"
        self.helper = gds_helper(
            Field.text("old_password", field_width=20),
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
            submit="Change password",
        )


class TokenForm(GDSForm):
    """A six-digit code from the authenticator app."""

    submit_label = "Continue"
    otp_token = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter the code in full: it has 6 digits",
            "max_length": "Enter the code in full: it has 6 digits",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def layout_fields(self):
        return [Field.text("otp_token", field_width=5)]

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not token.isdigit():
            raise ValidationError("Enter the code using numbers only")
        return token


class RecoveryCodeForm(GDSForm):
    submit_label = "Continue"
    recovery_code = forms.CharField(
        label="Enter one of your recovery codes",
        help_text="Each recovery code works once.",
        max_length=16,
        error_messages={"required": "Enter a recovery code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def layout_fields(self):
        return [Field.text("recovery_code", field_width=10)]

    def clean_recovery_code(self):
        return self.cleaned_data["recovery_code"].strip().replace(" ", "").lower()


class AllowedDomainForm(GDSModelForm):
    submit_label = "Save domain"

    class Meta:
        model = AllowedDomain
        fields = ["domain", "include_subdomains", "agency"]
        labels = {
            "domain": "Email domain",
            "include_subdomains": "Also allow subdomains of this domain",
            "agency": "Agency (optional)",
        }
        help_texts = {
            "domain": "The part of the email address after the @, for example croydon.gov.uk",
            "include_subdomains": "For example, allowing subdomains of nhs.net also admits name@trust.nhs.net.",
        }
        error_messages = {
            "domain": {"required": "Enter an email domain", "unique": "That domain is already on the list"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = "No particular agency"

    def layout_fields(self):
        return [
            Field.text("domain", field_width=20),
            Field.checkbox("include_subdomains"),
            Field.select("agency"),
        ]

    def clean_domain(self):
        # In IDNA form, as addresses are compared (cscp/accounts/emails.py).
        domain = normalise_domain(self.cleaned_data["domain"].strip().removeprefix("@"))
        if domain is None:
            raise ValidationError("Enter a domain like croydon.gov.uk, without the @ or anything before it")
        if AllowedDomain.objects.filter(domain=domain).exclude(pk=self.instance.pk).exists():
            raise ValidationError("That domain is already on the list")
        return domain
