from django.urls import re_path

from ballot import views

# Wagtail's page URLs end in a slash and allow no dots, so results.json is a
# Django URL that finds the ballot page by its path.
urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)results\.json$",
        views.results_json,
        name="ballot_results_json",
    ),
]
