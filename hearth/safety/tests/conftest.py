import pytest

from hearth.safety.types import AssessContext


@pytest.fixture
def ctx():
    return AssessContext()
