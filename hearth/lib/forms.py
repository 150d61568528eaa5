"""Form helpers shared by every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def attach_errors(form: Form, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on its field, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def form_status(form: Form) -> int:
    """The status of a page showing `form`: 400 when it carries errors (so a failed post is
    visible to tools and tests), 200 otherwise."""
    return 400 if form.errors else 200
