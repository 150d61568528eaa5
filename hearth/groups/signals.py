"""Signals other apps listen to, so groups never imports them.

`screening_flagged` is sent inside the transaction that stores a join request whose answers the
safeguarding pipeline rated HIGH or that contain the group's safety word; `check_in_flagged`
likewise for a member's check-in reply to staff; `display_name_flagged` when a display name
is refused for distress or the safety word (sent in its own transaction, committed before the
refusal). Safeguarding raises its alert in that same transaction, so the alert is written
before anything else happens.
"""

from django.dispatch import Signal

# Sent with join_request= and assessment= (a hearth.safety.types.Assessment).
screening_flagged = Signal()

# Sent with message= (a CheckInMessage written by the member) and assessment=.
check_in_flagged = Signal()

# Sent with group=, person= (a User, or None while signing up) and assessment= when a display
# name chosen for the group tells of danger or carries its safety word; the name is refused.
display_name_flagged = Signal()
