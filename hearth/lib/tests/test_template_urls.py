"""The remembering {% url %}: the same addresses as Django's, each reversed once."""

from __future__ import annotations

import uuid

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from hearth.lib import template_urls


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_same_addresses_as_reverse():
    group = uuid.uuid4()
    assert render("{% url 'forum:index' g %}", g=group) == reverse("forum:index", args=[group])
    assert render("{% url 'forum:index' group_id=g %}", g=group) == reverse(
        "forum:index", kwargs={"group_id": group}
    )
    assert render("{% url 'home' %}") == reverse("home")


def test_remembered_per_argument():
    template_urls._reverse.cache_clear()
    first, second = uuid.uuid4(), uuid.uuid4()
    source = "{% url 'forum:index' g %}"
    assert render(source, g=first) != render(source, g=second)
    render(source, g=first)
    info = template_urls._reverse.cache_info()
    assert (info.hits, info.misses) == (1, 2)


def test_other_arguments_are_reversed_afresh():
    class Named:
        def __init__(self, value):
            self.value = value

        def __str__(self):
            return self.value

    template_urls._reverse.cache_clear()
    group = str(uuid.uuid4())
    assert render("{% url 'forum:index' g %}", g=Named(group)) == reverse(
        "forum:index", args=[group]
    )
    assert template_urls._reverse.cache_info().currsize == 0


def test_as_variable_and_missing_views():
    assert render("{% url 'home' as where %}[{{ where }}]") == f"[{reverse('home')}]"
    assert render("{% url 'no-such-view' as where %}[{{ where }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
