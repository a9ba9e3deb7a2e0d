"""Local development and the demo: console e-mail, static files straight from the apps.

Debugging is off unless DEBUG=true: the demo shows the platform's own Dutch error pages
(404, 403, 500) as production does, not Django's English technical pages. A developer who
wants those sets DEBUG=true; a server error's traceback is in the console either way.
"""

from economie071.config.env import env_bool
from economie071.config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", False)
# No collectstatic needed: WhiteNoise serves the apps' static folders as they are.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
