from django import template

from casework.briefings.rendering import static_url

register = template.Library()


@register.simple_tag
def briefing_static(path: str) -> str:
    """The URL of a static file inside a briefing: only StaticOnlyURLFetcher answers it."""
    return static_url(path)
