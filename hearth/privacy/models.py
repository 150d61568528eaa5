from django.db import models


class DataKey(models.Model):
    """A data key for one scope (a group, an account, an organisation), wrapped by the master key.

    The plaintext key never reaches the database. Deleting every row of a scope is
    crypto-shredding: whatever was sealed under it can no longer be read, in the database or in
    any backup.
    """

    scope = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    wrapped = models.BinaryField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "version"], name="datakey_scope_version")
        ]
        indexes = [models.Index(fields=["scope", "active"])]

    def __str__(self) -> str:
        return f"{self.scope} v{self.version}"
