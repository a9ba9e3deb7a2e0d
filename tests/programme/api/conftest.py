"""The read API's fixtures (tests/api/conftest.py) for the reference lists: a small made-up
programme built through the real services."""

from tests.api.conftest import api_client, api_municipalities, api_programme, portfolio_data

__all__ = ["api_client", "api_municipalities", "api_programme", "portfolio_data"]
