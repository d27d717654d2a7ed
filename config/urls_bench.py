"""The site's URLs plus one empty view, the yardstick `make bench` compares
pages against: what any request costs through the full middleware stack."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from config.urls import urlpatterns as site_urlpatterns


@never_cache  # through every middleware each time, never the page cache
def empty_view(request):
    return HttpResponse("", content_type="text/plain")


urlpatterns = [path("bench/empty/", empty_view), *site_urlpatterns]
