"""Re-enrolment: a coordinator or the administrator sends a staff account a new enrolment link,
removing its authenticator app and recovery codes (issue 18 §2). Who may re-enrol whom:
enrolment.may_reenrol."""

from crispy_forms_gds.layout import Field
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cscp.core.forms import GDSForm

from . import enrolment
from .decorators import role_required
from .forms import _email_field
from .models import User
from .reauth import recent_second_factor
from .roles import Role
from .views import _bound


class EnrolmentLinkForm(GDSForm):
    submit_label = "Send a new enrolment link"

    email = _email_field(
        "Email address of the staff account",
        "Their authenticator app and recovery codes stop working at once.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter the email address of the staff account"

    def layout_fields(self):
        return [Field.text("email")]


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
@recent_second_factor
def staff_enrolment_link(request):
    form = _bound(EnrolmentLinkForm, request)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        try:
            if user is None:
                raise enrolment.EnrolmentRefused("There is no staff account with that email address.")
            enrolment.enrolment_reset(user=user, by=request.user)
        except enrolment.EnrolmentRefused as refused:
            form.add_error("email", _refusal(user, request.user, refused))
        else:
            messages.success(request, f"A new enrolment link was sent to {user.email}.")
            return redirect("accounts:staff_enrolment_link")
    return render(
        request,
        "accounts/staff_enrolment_link.html",
        {
            "form": form,
            "title": "Send a new enrolment link",
            "caption": "Staff accounts",
            "enrolment_link_hours": settings.CSCP_ENROLMENT_LINK_HOURS,
        },
    )


def _refusal(user, actor, refused) -> str:
    if user is None or not user.is_staff_role:
        return "Enter the email address of a staff account. That address is not one."
    if user.pk == actor.pk:
        return "You cannot re-enrol your own account. Ask another coordinator or the administrator."
    return "Only the system administrator can re-enrol a coordinator's or administrator's account."
