from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe

from . import services, sessions
from .forms import (
    EmailOnlyForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    RegistrationForm,
    SetPasswordForm,
    SignInForm,
)
from .middleware import signed_in_now
from .reauth import recent_second_factor
from .throttle import too_many_emails
from .tokens import user_for_verification_token

_REGISTERED_EMAIL_KEY = "accounts_registered_email"


def _bound(form_class, request, **kwargs):
    # An empty POST must still be bound, so that it shows its errors (stack-notes pitfall).
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = _bound(RegistrationForm, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if too_many_emails(request, data["email"]):
            return _as_if_sent(request, data["email"])
        services.referrer_register(
            email=data["email"],
            full_name=data["full_name"],
            job_title=data["job_title"],
            phone=data["phone"],
            agency=data["agency"],
            password=data["password1"],
        )
        request.session[_REGISTERED_EMAIL_KEY] = data["email"]
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form, "title": "Create an account"})


def _as_if_sent(request, email):
    """Over a rate limit: no email, and the page the form always leads to. Saying "too many
    times" instead would tell a stranger that someone has been asking about this address."""
    request.session[_REGISTERED_EMAIL_KEY] = email
    return redirect("accounts:register_done")


@require_safe
def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {"email": request.session.get(_REGISTERED_EMAIL_KEY), "days": settings.CSCP_EMAIL_VERIFICATION_DAYS},
    )


@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    user = user_for_verification_token(token)
    if user is None:
        return render(request, "accounts/verify_invalid.html", status=400)
    # Verified on POST only: mail scanners follow links with GET.
    if request.method == "POST":
        services.user_verify_email(user=user)
        messages.success(request, "Your email address is confirmed. You can now sign in.")
        return redirect("accounts:login")
    return render(request, "accounts/verify_confirm.html")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = _bound(EmailOnlyForm, request)
    if request.method == "POST" and form.is_valid():
        if too_many_emails(request, form.cleaned_data["email"]):
            return _as_if_sent(request, form.cleaned_data["email"])
        services.referrer_resend_verification(email=form.cleaned_data["email"])
        request.session[_REGISTERED_EMAIL_KEY] = form.cleaned_data["email"]
        return redirect("accounts:register_done")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Get a new confirmation link", "caption": "Create an account"},
    )


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Sign in"}

    def form_valid(self, form):
        response = super().form_valid(form)
        signed_in_now(self.request.session)
        sessions.session_record(self.request)
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        sessions.session_forget(request.session.session_key)
        return super().post(request, *args, **kwargs)


logout_view = SignOutView.as_view()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sessions_view(request):
    """GET lists where the user is signed in; POST signs out everywhere else."""
    if request.method == "POST":
        ended = sessions.sessions_end_others(request=request)
        messages.success(request, f"You have been signed out everywhere else ({ended} other sessions ended).")
        return redirect("accounts:sessions")
    listed = sessions.sessions_for(request)
    context = {
        "sessions": listed,
        "others": len(listed) > 1,
        "idle_minutes": settings.CSCP_SESSION_IDLE_MINUTES,
        "absolute_hours": settings.CSCP_SESSION_ABSOLUTE_HOURS,
    }
    return render(request, "accounts/sessions.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        email = form.cleaned_data["email"]
        # Over a rate limit, the "check your email" page without an email (see _as_if_sent).
        if too_many_emails(self.request, email):
            return redirect(self.success_url)
        # An address with no account is told so by email: the same work, the same answer.
        if not any(True for _ in form.get_users(email)):
            services.no_link_sent_notify(email=email)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    form_class=PasswordResetRequestForm,
    template_name="accounts/password_reset.html",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context={"title": "Reset your password"},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": "Choose a new password"}

    def form_valid(self, form):
        # Following the emailed link proves the address, as the verification link would.
        services.user_verify_email(user=form.user)
        return super().form_valid(form)


password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@method_decorator(recent_second_factor, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Current password, then a new one. Django keeps this session signed in (the session's
    password hash is updated) and every other session of the account fails its hash check and
    is signed out; the holder is emailed."""

    form_class = PasswordChangeForm
    template_name = "form_page.html"
    success_url = reverse_lazy("home")
    extra_context = {"title": "Change your password"}

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # a new session key for this session
        sessions.session_forget(old_key)
        sessions.session_record(self.request)
        sessions.sessions_end_others(request=self.request)
        services.password_changed_notify(user=form.user)
        messages.success(
            self.request, "Your password has been changed. You have been signed out everywhere else."
        )
        return response


password_change = PasswordChangeView.as_view()  # Django's view asks for sign-in
