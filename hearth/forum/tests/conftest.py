import pytest

from hearth.groups.access import access_group


@pytest.fixture
def as_member(cast):
    """Return a function giving a cast member's access to the circle."""

    def found(name: str = "alice", group=None):
        return access_group(getattr(cast, name), (group or cast.circle).id)

    return found
