"""Static files answered first, with the security headers worked out once.

WhiteNoise used to sit below SecurityMiddleware, the Permissions-Policy and
the Content-Security-Policy middleware so that static files carried their
headers too; every CSS or icon request then built a CSP header from the
settings again. Here WhiteNoise is the first middleware: a static file is
answered before any other middleware runs, and it is given the headers that
``STATIC_HEADER_MIDDLEWARE`` would have added, computed once per scheme
(HSTS goes on https answers only) by running those same middleware over an
empty response. Requests that are not static files go on down the list,
through the same middleware, unchanged.
"""

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string
from whitenoise.middleware import WhiteNoiseMiddleware


def header_chain():
    """The header middleware, wrapped around a view that returns an empty 200."""
    handler = lambda request: HttpResponse()  # noqa: E731
    for path in reversed(settings.STATIC_HEADER_MIDDLEWARE):
        handler = import_string(path)(handler)
    return handler


class StaticFilesFirstMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings=settings)
        self.headers = {}

    def security_headers(self, secure):
        if secure not in self.headers:
            request = RequestFactory().get(
                f"{settings.STATIC_URL}x.css", secure=secure, HTTP_HOST="localhost"
            )
            response = header_chain()(request)
            wanted = {name.lower() for name in response.headers} - {"content-type"}
            self.headers[secure] = {
                name: value for name, value in response.headers.items() if name.lower() in wanted
            }
        return self.headers[secure]

    def __call__(self, request):
        if self.autorefresh:
            static_file = self.find_file(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is None or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            return self.get_response(request)  # SecurityMiddleware answers (or redirects)
        response = self.serve(static_file, request)
        for name, value in self.security_headers(request.is_secure()).items():
            response.headers.setdefault(name, value)
        return response
