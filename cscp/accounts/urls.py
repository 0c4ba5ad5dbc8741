from django.urls import path

from . import views, views_domains, views_enrolment, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/check-your-email/", views.register_done, name="register_done"),
    path("verify/new-link/", views.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("sessions/", views.sessions_view, name="sessions"),
    path("password/change/", views.password_change, name="password_change"),
    path("reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("2fa/", views_two_factor.overview, name="two_factor"),
    path("2fa/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("2fa/enrol/<str:token>/", views_two_factor.enrol, name="two_factor_enrol"),
    path("2fa/verify/", views_two_factor.verify, name="two_factor_verify"),
    path("2fa/confirm/", views_two_factor.confirm, name="two_factor_confirm"),
    path("2fa/recovery/", views_two_factor.recovery, name="two_factor_recovery"),
    path("2fa/recovery-codes/new/", views_two_factor.regenerate_codes, name="two_factor_regenerate_codes"),
    path("2fa/reset/", views_two_factor.reset_app, name="two_factor_reset"),
    path("staff/enrolment-link/", views_enrolment.staff_enrolment_link, name="staff_enrolment_link"),
    path("domains/", views_domains.domain_list, name="domain_list"),
    path("domains/add/", views_domains.domain_add, name="domain_add"),
    path("domains/<int:pk>/change/", views_domains.domain_change, name="domain_change"),
    path("domains/<int:pk>/remove/", views_domains.domain_remove, name="domain_remove"),
]
