from collections.abc import Iterable

from django import template

from hearth.safety.categories import labels

register = template.Library()


@register.filter
def category_labels(codes: Iterable[str]) -> str:
    return labels(codes)
