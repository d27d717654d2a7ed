from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from ops.password_reset import LimitedPasswordResetView

# A 500 caused by the database being away (a restart) becomes a plain 503 page.
handler500 = "ops.database.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's reset form with limits on the emails it sends (before the admin's own).
    path("admin/password_reset/", LimitedPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    # Local runs and tests keep uploads on disk; production uses object storage.
    from django.urls import re_path
    from django.views.static import serve

    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Pages in every language: English without a prefix, the others under
# /cy/, /pl/, ... (LocaleMiddleware activates the language from the prefix).
urlpatterns += i18n_patterns(
    # The JavaScript strings (ballot count, live results) in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Search, the links in membership emails and follow-by-email: in the
    # visitor's language too. English keeps the unprefixed addresses it always
    # had, so links already sent keep working.
    path("search/", home_views.search, name="search"),
    path("membership/", include("network.membership.urls")),
    path("follow/", include("mailings.urls")),
    # <ballot url>results.json (Wagtail page URLs cannot hold a dot).
    path("", include("ballot.urls")),
    # Wagtail's page serving comes last: it catches everything else.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
