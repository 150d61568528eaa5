"""Accounts: organisations, pseudonymous people, their sessions and second factors.

Nothing here holds an email, a phone number, a real name or an IP address. Pseudonyms are
sealed under the account's own key and found at sign-in through a keyed blind index.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.privacy.fields import SealedTextField


class Organisation(models.Model):
    """The programme that runs an installation's groups; everything is scoped to one."""

    class Icon(models.TextChoices):
        NOTES = "notes", _("Notebook")
        LEAF = "leaf", _("Leaf")
        CLOUD = "cloud", _("Cloud")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    # Shown instead of the real name in titles and icons, for members whose screen is watched.
    discreet_title = models.CharField(max_length=40, default="Notes")
    discreet_icon = models.CharField(max_length=10, choices=Icon.choices, default=Icon.NOTES)
    discreet_by_default = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = False


class User(AbstractBaseUser):
    """A person known only by a pseudonym and a passphrase."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        PEER_MODERATOR = "peer_moderator", _("Peer moderator")
        FACILITATOR = "facilitator", _("Facilitator")
        ADMIN = "admin", _("Organisation admin")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    # HMAC of the normalised pseudonym: unique lookups without the pseudonym in the database.
    pseudonym_token = models.CharField(max_length=64, unique=True)
    pseudonym = SealedTextField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    language = models.CharField(max_length=8, default="en")
    # Chosen by the member for crisis helplines (hearth.accounts.regions); never inferred.
    crisis_region = models.CharField(max_length=8, blank=True, default="")
    discreet_mode = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)  # type: ignore[assignment]
    failed_logins = models.PositiveIntegerField(default=0)
    last_failed_login_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "pseudonym_token"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]
    objects = UserManager()

    def sealing_scope(self) -> str:
        return f"account:{self.id}"

    @property
    def is_staff_role(self) -> bool:
        """Facilitators and admins: two-factor is required on every path."""
        return self.role in (self.Role.FACILITATOR, self.Role.ADMIN)

    def __str__(self) -> str:
        return f"user {self.id}"


class UnknownPseudonymFailures(models.Model):
    """Failed sign-ins under a pseudonym no account holds, by its blind token.

    Kept in the database as long as an account's own count, so the growing delays and the hard
    stop answer an unknown pseudonym exactly as a real one, however long the prober waits
    (docs/threat-model.md). Only a token: the pseudonym itself is never stored.
    """

    token = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True)


class RecoveryCode(models.Model):
    """A single-use recovery code, stored as a keyed hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]


class ResetLink(models.Model):
    """A staff-issued, single-use link that lets a member choose a new passphrase."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_links")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class TotpDevice(models.Model):
    """A TOTP authenticator; the shared secret is sealed and codes can never be replayed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = SealedTextField()
    confirmed = models.BooleanField(default=False)
    last_counter = models.BigIntegerField(default=-1)
    created_at = models.DateTimeField(auto_now_add=True)

    def sealing_scope(self) -> str:
        return f"account:{self.user_id}"


class Passkey(models.Model):
    """A WebAuthn credential registered as a second factor."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.BinaryField()
    credential_id_hash = models.CharField(max_length=64, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    label = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def sealing_scope(self) -> str:
        return f"account:{self.user_id}"


class AccountSession(models.Model):
    """One signed-in browser or app, listed to its owner and revocable at any time."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Own device")
        SHARED = "shared", _("Shared device")
        API = "api", _("App")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_sessions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    # Coarse label such as "Firefox on Android": never an address or a full user agent.
    device_label = models.CharField(max_length=60)
    two_factor_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"])]


class ApiToken(models.Model):
    """A bearer token for the JSON API, tied to a revocable session."""

    session = models.OneToOneField(
        AccountSession, on_delete=models.CASCADE, related_name="api_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
