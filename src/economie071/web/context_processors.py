from economie071.core.groups import is_programme_office, is_steering_group
from economie071.core.programme import programme_current
from economie071.core.request_input import rejected_input
from economie071.web.start import has_portfolio_role


def site(request):
    """What every page needs: the programme and the visitor's place in it."""
    user = request.user
    return {
        "programme": programme_current(),
        "is_programme_office": is_programme_office(user),
        "is_steering_group": is_steering_group(user),
        "has_portfolio_role": has_portfolio_role(user),
        # Values refused at the edge (economie071.core.request_input), named at the top.
        "rejected_input": rejected_input(request),
    }
