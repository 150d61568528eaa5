from django.urls import path

from hearth.accounts import passkeys, views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/verify/", views.sign_in_verify, name="sign_in_verify"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("resume/", views.resume, name="resume"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recover/", views.recover, name="recover"),
    path("reset/", views.reset, name="reset"),
    path("reset/<str:token>/", views.reset_link, name="reset_link"),
    path("", views.account, name="account"),
    path("confirm/", views.confirm, name="confirm"),
    path("preferences/", views.preferences, name="preferences"),
    path("region/", views.crisis_region, name="crisis_region"),
    path("passphrase/", views.change_passphrase, name="change_passphrase"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<uuid:session_id>/revoke/", views.revoke_session, name="revoke_session"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/totp/remove/", views.remove_totp, name="remove_totp"),
    path(
        "two-factor/passkeys/register/begin/",
        passkeys.register_begin,
        name="passkey_register_begin",
    ),
    path(
        "two-factor/passkeys/register/finish/",
        passkeys.register_finish,
        name="passkey_register_finish",
    ),
    path("two-factor/passkeys/auth/begin/", passkeys.auth_begin, name="passkey_auth_begin"),
    path("two-factor/passkeys/auth/finish/", passkeys.auth_finish, name="passkey_auth_finish"),
    path("staff/reset-links/", views.issue_reset_link, name="issue_reset_link"),
]
