"""Which language a request is served in (docs/adr/0003-translation.md).

Vietnamese for everyone, unless the person chose another language with the switcher in the page footer
(Django's ``set_language`` view, which stores the choice in the language cookie). Unlike Django's
``LocaleMiddleware``, the browser's Accept-Language is not consulted: many Vietnamese phones and office
computers are set to English, and their users should not be handed a partly translated site they did
not ask for. The API follows the same rule, so its messages stay Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language in the person's language cookie when it is one of ours, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # override, not activate: the thread goes back to its language after the response is built, so a
        # person's choice never leaks into the next piece of work on the thread.
        with translation.override(chosen_language(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
