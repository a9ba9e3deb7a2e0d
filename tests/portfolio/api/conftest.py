"""The read API's fixtures (tests/api/conftest.py) for the projects and cards endpoints: a
small made-up programme built through the real services, its users, and helpers."""

from tests.api.conftest import (
    api_client,
    api_municipalities,
    api_programme,
    build,
    office_user,
    portfolio_data,
    steering_user,
)

__all__ = [
    "api_client",
    "api_municipalities",
    "api_programme",
    "build",
    "office_user",
    "portfolio_data",
    "steering_user",
]
