"""Tell staff outside Hearth that an alert is waiting, without saying anything about it.

The message is the same discreet sentence every time (no group, no member, no words), so a
notification on a lock screen reveals nothing. Delivery goes to the organisation's webhook
(an on-call system or a messaging bot), set with HEARTH_ALERT_WEBHOOK_URL.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from threading import Thread

from django.conf import settings

log = logging.getLogger(__name__)
DISCREET_TEXT = "Hearth: someone needs a staff member's attention. Please open Hearth."


def notify_outside(alert_link: str) -> bool:
    """Send the discreet notice to the configured webhook; return True when delivered."""
    url = settings.HEARTH_ALERT_WEBHOOK_URL
    if not url:
        return False
    body = json.dumps({"text": DISCREET_TEXT, "link": alert_link}).encode()
    request = urllib.request.Request(  # noqa: S310 - the operator's own https endpoint
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 200 <= response.status < 300
    except Exception:
        # Whatever goes wrong out there must never reach the member who raised the alert;
        # the escalation sweep tells people again.
        log.warning("alert webhook failed", extra={"event": "alert.webhook_failed"})
        return False


def notify_outside_soon(alert_link: str) -> None:
    """Send the notice from a background thread, so no request waits for the webhook."""
    if settings.HEARTH_ALERT_WEBHOOK_URL:
        Thread(target=notify_outside, args=(alert_link,), daemon=True).start()
