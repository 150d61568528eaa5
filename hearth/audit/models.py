from django.db import models


class AuditEntry(models.Model):
    """One staff action or sensitive access, chained to the entry before it by a hash.

    Rows are never updated or deleted (database triggers refuse it); `verify_chain` detects any
    change made behind the triggers' back. Entries name people by id only and never hold content.
    """

    at = models.DateTimeField()
    actor_id = models.UUIDField(null=True)
    organisation_id = models.UUIDField(null=True)
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation_id", "id"])]

    def __str__(self) -> str:
        return f"{self.id} {self.action}"
