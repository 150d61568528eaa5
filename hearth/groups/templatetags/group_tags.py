from django import template
from django.utils.safestring import SafeString

from hearth.groups.avatars import avatar_svg

register = template.Library()


@register.simple_tag
def avatar(seed: str, size: int = 32) -> SafeString:
    return avatar_svg(seed, size)
