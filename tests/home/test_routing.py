"""home.queries.route_by_url_path answers every path as Wagtail's own routing
does (``Page.route`` from the home page down), for drafts, private sections,
aliases, translations and routable pages; and the view-restriction answer it
reads on the way lets a private page through no sooner than Wagtail would."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Locale, Page, PageViewRestriction

from home.queries import route_by_url_path
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    team = StandardPageFactory(parent=about, slug="team")
    draft = StandardPageFactory(parent=home_page, slug="draft")
    draft.unpublish()
    under_draft = StandardPageFactory(parent=draft, slug="under")
    private = StandardPageFactory(parent=home_page, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    inside = StandardPageFactory(parent=private, slug="inside")
    alias = inside.create_alias(parent=home_page, update_slug="alias-of-inside")
    alias_of_public = team.create_alias(parent=private, update_slug="alias-of-team")
    private.create_alias(parent=home_page, update_slug="alias-of-private")
    blog = BlogIndexPageFactory(parent=home_page)
    BlogPageFactory(parent=blog, slug="a-post")
    campaigns = CampaignIndexPageFactory(parent=home_page, slug="campaigns")
    CampaignPageFactory(parent=campaigns, slug="prison")
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    home_cy = home_page.copy_for_translation(welsh, copy_parents=True)
    home_cy.save_revision().publish()
    about_cy = about.copy_for_translation(welsh)
    about_cy.save_revision().publish()
    return {
        "home": home_page,
        "home_cy": home_cy,
        "alias": alias,
        "alias_of_public": alias_of_public,
        "under_draft": under_draft,
    }


PATHS = [
    "about",
    "about/team",
    "about/missing",
    "missing",
    "draft",
    "draft/under",
    "private",
    "private/inside",
    "private/alias-of-team",
    "alias-of-inside",
    "alias-of-private",
    "blog",
    "blog/a-post",
    "blog/a-post/reply",
    "blog/a-post/reply/thank-you",
    "blog/rss",
    "blog/nothing-here",
    "campaigns/prison",
    "campaigns/updates/rss",
]


def answer(route):
    """(page id, args, kwargs), a routable page's view named rather than bound."""
    try:
        page, args, kwargs = route()
    except Http404:
        return None
    args = tuple(getattr(arg, "__name__", arg) for arg in args)
    return page.pk, args, kwargs


def wagtails_answer(root, request, components):
    return answer(lambda: Page.route(root, request, components))


def ours(root, request, components):
    return answer(
        lambda: (
            route_by_url_path(root, request, components) or Page.route(root, request, components)
        )
    )


@pytest.mark.parametrize("root_name", ["home", "home_cy"])
@pytest.mark.parametrize("path", PATHS)
def test_routing_matches_wagtail(tree, root_name, path):
    root = Page.objects.get(pk=tree[root_name].pk).specific  # as routing reads it
    request = RequestFactory().get(f"/{path}/")
    components = path.split("/")
    assert ours(root, request, components) == wagtails_answer(root, request, components)


def test_restrictions_are_read_only_when_none_apply(tree):
    request = RequestFactory().get("/")
    tree["home"].refresh_from_db()
    public = route_by_url_path(tree["home"], request, ["about", "team"])[0]
    assert getattr(public, "known_unrestricted", False)
    assert list(public.get_view_restrictions()) == []

    for path in (["private", "inside"], ["alias-of-private"], ["private", "alias-of-team"]):
        page = route_by_url_path(tree["home"], request, path)[0]
        assert not getattr(page, "known_unrestricted", False), path
        # Wagtail's own answer, as Page.get_view_restrictions gives it.
        expected = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert expected
        assert set(page.get_view_restrictions().values_list("pk", flat=True)) == expected

    # Wagtail reads an alias's restrictions from its source page alone, not the
    # source's ancestors: an alias of a page inside a private section is public.
    alias = route_by_url_path(tree["home"], request, ["alias-of-inside"])[0]
    assert not Page.get_view_restrictions(alias).exists()
    assert alias.known_unrestricted


def test_a_restriction_above_the_home_page_counts(tree):
    PageViewRestriction.objects.create(page=Page.get_first_root_node(), restriction_type="login")
    page = route_by_url_path(tree["home"], RequestFactory().get("/"), ["about"])[0]
    assert not getattr(page, "known_unrestricted", False)
    assert page.get_view_restrictions().exists()


@pytest.mark.parametrize(
    "path", ["/private/", "/private/inside/", "/alias-of-private/", "/private/alias-of-team/"]
)
def test_private_pages_and_their_aliases_ask_visitors_to_sign_in(tree, client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_public_alias_and_drafts_are_served_as_wagtail_serves_them(tree, client):
    assert client.get("/about/team/").status_code == 200
    assert client.get("/draft/").status_code == 404
    # Wagtail routes through a draft to a live page below it.
    assert client.get("/draft/under/").status_code == 200
