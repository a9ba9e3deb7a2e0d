"""Local development and the demo: debug on, console e-mail."""

from economie071.config.env import env_bool
from economie071.config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
