from django.contrib.auth.models import AnonymousUser

from economie071.core.groups import is_programme_office, is_steering_group
from economie071.core.programme import programme_current
from economie071.core.request_input import rejected_input
from economie071.web.start import has_portfolio_role


def site(request):
    """What every page needs: the programme and the visitor's place in it."""
    # An error page for a request refused before the session was read (a Host header not
    # in ALLOWED_HOSTS) has no user yet: it is shown as to anyone.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "programme": programme_current(),
        "is_programme_office": is_programme_office(user),
        "is_steering_group": is_steering_group(user),
        "has_portfolio_role": has_portfolio_role(user),
        # Values refused at the edge (economie071.core.request_input), named at the top.
        "rejected_input": rejected_input(request),
    }
