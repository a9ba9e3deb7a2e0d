"""The API-Version header on every API response (NL API Design Rules, /core/version-header)."""

from django.conf import settings

API_PATH_PREFIX = "/api/"


class ApiVersionMiddleware:
    """Add `API-Version: <settings.API_VERSION>` to every response under /api/, errors too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(API_PATH_PREFIX):
            response["API-Version"] = settings.API_VERSION
        return response
