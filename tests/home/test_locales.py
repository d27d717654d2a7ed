"""Locale rows come from Django's cache after the first lookup (home/locales.py),
and a change to the locales shows at once."""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_second_lookup_asks_no_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = Locale.objects.get_for_language("en-gb")
    with django_assert_num_queries(0):
        again = Locale.objects.get_for_language("en-gb")
        with translation.override("en-gb"):
            active = Locale.get_active()
    assert again == first == active
    assert (again.pk, again.language_code) == (first.pk, "en-gb")


def test_a_removed_locale_is_forgotten_and_a_new_one_found():
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    assert Locale.objects.get_for_language("cy").pk == welsh.pk
    welsh.delete()
    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("cy")
    again = Locale.objects.create(language_code="cy")
    assert Locale.objects.get_for_language("cy").pk == again.pk


def test_an_unknown_language_is_not_kept(django_assert_num_queries):
    Locale.objects.filter(language_code="pl").delete()
    for _ in range(2):
        with django_assert_num_queries(1), pytest.raises(Locale.DoesNotExist):
            Locale.objects.get_for_language("pl")
