"""Authors: a guest author is made from the post's author chooser, and an
author's organisation is a link to an Organisation, not text (issue 13, item 4)."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from blog.models import Author
from network.models import Organisation
from tests.factories import (
    AuthorFactory,
    OrganisationFactory,
    PartnerPageFactory,
    role_user,
)

CHOOSER = "wagtailsnippetchoosers_blog_author"


@pytest.mark.django_db
def test_the_author_chooser_offers_a_new_author_form(client, home_page):
    client.force_login(role_user("Communications", "comms"))
    response = client.get(reverse(f"{CHOOSER}:choose"))
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "Add a new author" in html
    assert 'name="organisation"' in html


@pytest.mark.django_db
def test_a_guest_author_is_created_from_the_chooser(client, home_page):
    ava = OrganisationFactory(name="Against Violence and Abuse", slug="ava")
    client.force_login(role_user("Communications", "comms"))
    response = client.post(
        reverse(f"{CHOOSER}:create"),
        {
            "name": "Jennifer Holly",
            "role": "Project Manager",
            "organisation": ava.pk,
            "is_partner_guest": "on",
            "bio": "",
        },
    )
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "chosen"
    author = Author.objects.get(name="Jennifer Holly")
    assert author.organisation == ava
    assert author.is_partner_guest
    assert author.slug == "jennifer-holly"
    assert author.role_line == "Project Manager, Against Violence and Abuse"


@pytest.mark.django_db
def test_a_bad_new_author_is_shown_again_with_the_reason_and_nothing_stored(client, home_page):
    client.force_login(role_user("Communications", "comms"))
    response = client.post(reverse(f"{CHOOSER}:create"), {"name": "", "organisation": "999"})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["step"] == "reshow_creation_form"
    assert not Author.objects.exists()


@pytest.mark.django_db
def test_people_who_may_not_add_authors_get_no_create_form(client, home_page):
    client.force_login(role_user("Membership officer", "mo"))
    response = client.post(reverse(f"{CHOOSER}:create"), {"name": "Someone"})
    assert response.status_code in (302, 403)
    assert not Author.objects.exists()


@pytest.mark.django_db
def test_author_organisation_is_a_link_to_an_organisation():
    field = Author._meta.get_field("organisation")
    assert field.is_relation and field.related_model is Organisation
    org = OrganisationFactory(name="Wish", slug="wish")
    author = AuthorFactory(role="Director", organisation=org)
    org.name = "Wish (renamed)"
    org.save()
    author.refresh_from_db()
    assert author.role_line == "Director, Wish (renamed)"  # follows the organisation


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_migration_links_existing_names_by_exact_match_and_keeps_the_rest(wagtail_roots, home_page):
    ava = OrganisationFactory(name="Against Violence and Abuse", slug="ava")
    wish = OrganisationFactory(name="Wish", slug="wish")
    nsun = OrganisationFactory(name="NSUN", slug="nsun")
    network_index = home_page.add_child(
        instance=__import__("network.partners", fromlist=["NetworkIndexPage"]).NetworkIndexPage(
            title="Network", slug="network"
        )
    )
    PartnerPageFactory(parent=network_index, title="AVA page", short_name="AVA", organisation=ava)
    # Back to where every app was: going back unapplies other apps' migrations
    # that depend on blog's, so forward again to every app's latest.
    every_leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(("blog", "0002_body_ballot_blocks"))
        OldAuthor = old.get_model("blog", "Author")
        for slug, text in [
            ("a", "AVA"),
            ("b", " wish "),
            ("c", "Against Violence and Abuse"),
            ("d", "Women's Mental Health Network"),
            ("e", "NSUN network"),  # not exact: kept as text
            ("f", ""),
        ]:
            OldAuthor.objects.create(name=slug, slug=slug, role="Role", organisation=text)
    finally:
        MigrationExecutor(connection).migrate(every_leaf)
    got = {a.slug: (a.organisation_id, a.role) for a in Author.objects.all()}
    assert got == {
        "a": (ava.pk, "Role"),
        "b": (wish.pk, "Role"),
        "c": (ava.pk, "Role"),
        "d": (None, "Role, Women's Mental Health Network"),
        "e": (None, "Role, NSUN network"),
        "f": (None, "Role"),
    }
    assert nsun.blog_authors.count() == 0
