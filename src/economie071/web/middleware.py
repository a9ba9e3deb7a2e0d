from django.conf import settings


class DefaultLanguageMiddleware:
    """Serve the programme's own language (Dutch) unless the visitor chose another one.

    Django would otherwise follow the browser's Accept-Language header; a Dutch regional
    programme's pages should be Dutch for everyone until someone switches to English.
    Must come before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
