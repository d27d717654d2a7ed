"""Locale rows by language code, kept in Django's cache (issue 15).

Wagtail reads the active language's Locale row from the database each time
``Page.localized`` is asked (``Locale.get_active()``), and its routing asks
it on every page (``site.root_page.localized``): one query a request for a
row (an id and a code) that changes only when someone adds or removes a
language. Wagtail keeps its site root paths in Django's cache for the same
reason; this keeps the Locale rows there the same way:

- the key is dropped when any Locale is saved or deleted (signals), and the
  cache is Redis, shared by every server, so a change shows everywhere at
  once; it is not page content, so publishing never depends on it;
- only rows that exist are kept (an unknown code asks the database each time,
  as Wagtail does, and raises the same ``Locale.DoesNotExist``);
- if the cache is away, the database answers (home.cache.guarded).

``install()`` (from HomeConfig.ready) puts the lookup in place of
``LocaleManager.get_for_language``, the one method ``Locale.get_active`` and
``Locale.get_default`` go through.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

from home.cache import guarded

TIMEOUT = 24 * 60 * 60


def _key(code):
    return f"wagtail-locale:{code}"


def get_for_language(manager, language_code):
    """Wagtail's ``LocaleManager.get_for_language``, the row kept in the cache."""
    code = get_supported_content_language_variant(language_code)
    found = guarded(lambda: cache.get(_key(code)))
    if found is not None:
        return Locale.from_db(manager.db, ["id", "language_code"], found)
    locale = manager.get(language_code=code)
    guarded(lambda: cache.set(_key(code), (locale.pk, locale.language_code), TIMEOUT))
    return locale


def forget(sender, instance, **kwargs):
    """A Locale was saved or deleted: drop every kept row (a code may have changed)."""
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    guarded(lambda: cache.delete_many([_key(code) for code in codes | {instance.language_code}]))


def install():
    LocaleManager.get_for_language = get_for_language
    post_save.connect(forget, sender=Locale, dispatch_uid="home-locales-saved")
    post_delete.connect(forget, sender=Locale, dispatch_uid="home-locales-deleted")
