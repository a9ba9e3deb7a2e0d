from django import template

from economie071.forum import selectors

register = template.Library()


@register.filter
def author(user) -> str:
    """The name the forum shows for a user: never an e-mail address."""
    return selectors.author_name(user=user)
