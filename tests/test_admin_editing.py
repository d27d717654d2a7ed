"""Staff can create and edit every new page type and snippet in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import inline_formset

from blog.models import BlogPage
from home.models import ContactPage
from network.models import CampaignPage, CampaignUpdatePage, PartnerPage
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
    CategoryFactory,
    ContactPageFactory,
    ImageFactory,
    NetworkIndexPageFactory,
    OrganisationFactory,
    PartnerPageFactory,
)

pytestmark = pytest.mark.django_db


EMPTY = (None, False, "", [], ())


def page_form_data(model, parent, user, instance=None, **fields):
    """What the admin's form for ``model`` sends, built from the form itself: each
    field's own value (its initial value, or the page's), each inline panel's rows
    as they are, streams sent empty, then ``fields`` on top."""
    from django.http import QueryDict
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    form_class = model.get_edit_handler().get_form_class()
    form = form_class(instance=instance or model(), parent_page=parent, for_user=user)
    data = {}
    for name, field in form.fields.items():
        if type(field).__name__ == "BlockField":
            data[name] = streamfield([])
            continue
        value = form[name].value()
        if value in EMPTY:
            continue
        if hasattr(value, "isoformat"):
            value = field.widget.format_value(value)
        data[name] = list(value) if isinstance(value, list | tuple) else value
    for name, formset in form.formsets.items():
        rows = [
            {key: sub[key].value() for key in sub.fields if sub[key].value() not in EMPTY}
            for sub in formset.forms
        ]
        data[name] = inline_formset(rows, initial=formset.initial_form_count())
    data.update(fields)
    query = QueryDict(mutable=True)
    for key, value in nested_form_data(data).items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def form_errors(response):
    """What the form said, for the failure message."""
    form = (response.context or {}).get("form")
    if form is None:
        return response.status_code
    formsets = {name: fs.non_form_errors() or fs.errors for name, fs in form.formsets.items()}
    return form.errors, {name: errors for name, errors in formsets.items() if any(errors)}


def test_staff_can_create_every_page_type(admin_client, admin_user, home_page):
    """Each add form opens, and posting it publishes a page with what was typed,
    the promote tab's search title and social image included."""
    blog = BlogIndexPageFactory(parent=home_page)
    network = NetworkIndexPageFactory(parent=home_page)
    campaigns = CampaignIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(parent=campaigns)
    org = OrganisationFactory(name="Women in Prison")
    writer = AuthorFactory(name="Penny Bennett")
    picture = ImageFactory()
    cases = [  # (page type, parent, what the editor types, what the saved page must hold)
        (
            BlogPage,
            blog,
            {"intro": "Why we started.", "post_authors": inline_formset([{"author": writer.pk}])},
            lambda page: page.intro == "Why we started." and page.authors() == [writer],
        ),
        (
            PartnerPage,
            network,
            {"organisation": org.pk, "summary": "A partner."},
            lambda page: page.organisation == org and page.summary == "A partner.",
        ),
        (
            CampaignPage,
            campaigns,
            {"summary": "Change how prisons work."},
            lambda page: page.summary == "Change how prisons work.",
        ),
        (
            CampaignUpdatePage,
            campaign,
            {"summary": "We met the minister."},
            lambda page: page.summary == "We met the minister.",
        ),
        (ContactPage, home_page, {}, lambda page: True),
    ]
    for model, parent, typed, holds in cases:
        name = model.__name__
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        assert admin_client.get(url).status_code == 200, name
        data = page_form_data(
            model,
            parent,
            admin_user,
            title=f"New {name}",
            slug=f"new-{name.lower()}",
            seo_title=f"Search title of {name}",
            social_image=picture.pk,
            **typed,
            **{"action-publish": "publish"},
        )
        response = admin_client.post(url, data)
        assert response.status_code == 302, (name, form_errors(response))
        page = model.objects.get(slug=f"new-{name.lower()}")
        assert page.live and page.title == f"New {name}", name
        assert page.get_parent().pk == parent.pk, name
        assert page.seo_title == f"Search title of {name}", name
        assert page.social_image_id == picture.pk, name
        assert holds(page), name


def test_staff_can_edit_every_page_type(admin_client, admin_user, home_page):
    """Each edit form opens, and posting it back with a new title publishes the change."""
    blog = BlogIndexPageFactory(parent=home_page)
    network = NetworkIndexPageFactory(parent=home_page)
    campaigns = CampaignIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(parent=campaigns)
    pages = [
        blog,
        BlogPageFactory(parent=blog, authors=[AuthorFactory()]),
        network,
        PartnerPageFactory(parent=network),
        campaigns,
        campaign,
        CampaignUpdatePageFactory(parent=campaign),
        ContactPageFactory(parent=home_page),
    ]
    for page in pages:
        name = type(page).__name__
        url = f"/admin/pages/{page.pk}/edit/"
        assert admin_client.get(url).status_code == 200, name
        data = page_form_data(
            type(page),
            page.get_parent(),
            admin_user,
            instance=page,
            title=f"{page.title} (edited)",
            **{"action-publish": "publish"},
        )
        response = admin_client.post(url, data)
        assert response.status_code == 302, (name, form_errors(response))
        saved = type(page).objects.get(pk=page.pk)
        assert saved.title == f"{page.title} (edited)", name
        assert saved.live and not saved.has_unpublished_changes, name
        assert saved.slug == page.slug, name


def test_contact_page_admin_says_whether_recaptcha_is_on(admin_client, home_page):
    contact = ContactPageFactory(parent=home_page)

    html = admin_client.get(f"/admin/pages/{contact.pk}/edit/").content.decode()

    assert "reCAPTCHA is off because no keys are set" in html


def test_authors_and_categories_are_snippets(admin_client):
    AuthorFactory(name="Penny Bennett")
    CategoryFactory(name="Community Link")

    authors = admin_client.get("/admin/snippets/blog/author/")
    categories = admin_client.get("/admin/snippets/blog/category/")

    assert "Penny Bennett" in authors.content.decode()
    assert "Community Link" in categories.content.decode()


def test_staff_can_add_an_author_without_a_slug(admin_client):
    from blog.models import Author
    from tests.factories import OrganisationFactory

    wish = OrganisationFactory(name="Wish", slug="wish")
    response = admin_client.post(
        "/admin/snippets/blog/author/add/",
        {"name": "Justine Howard", "slug": "", "role": "Advocate", "organisation": wish.pk},
    )

    assert response.status_code == 302
    assert Author.objects.get(name="Justine Howard").slug == "justine-howard"
