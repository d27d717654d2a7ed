"""Factories for every model the tests build, in one place."""

import datetime

import factory
import wagtail_factories

from home.models import HomePage, StandardPage


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Test image {n}")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Women's voices, changing mental health services"
    hero_text = "A user-led network."
    intro = "We are asking 5,000 women which issues matter most."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-page-{n}")
    intro = "An introduction."
    show_in_menus = True

    class Meta:
        model = StandardPage


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Example Women's Centre {n}")
    slug = factory.Sequence(lambda n: f"example-womens-centre-{n}")
    kind = "womens_centre"
    region = "north_west"

    class Meta:
        model = "network.Organisation"


# --- Blog -------------------------------------------------------------------


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = "blog.Category"


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Advocate"
    organisation = "Wish"

    class Meta:
        model = "blog.Author"


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"
    intro = "News from the network."
    show_in_menus = True

    class Meta:
        model = "blog.BlogIndexPage"


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Blog post {n}")
    slug = factory.Sequence(lambda n: f"blog-post-{n}")
    intro = "A short introduction to the post."
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = "blog.BlogPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        from blog.models import BlogPageAuthor

        for author in extracted or []:
            BlogPageAuthor.objects.create(page=self, author=author)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)
            self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            self.save()


# --- Partners and campaigns ----------------------------------------------------


class NetworkIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our partners"
    slug = "network"
    intro = "The charities behind the network."
    show_in_menus = True

    class Meta:
        model = "network.NetworkIndexPage"


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Partner charity {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    summary = "A charity working with women."
    organisation = factory.SubFactory(OrganisationFactory, is_partner=True)
    website = "https://example.org/"

    class Meta:
        model = "network.PartnerPage"


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campaigns"
    slug = "campaigns"
    intro = "The issues women named."

    class Meta:
        model = "network.CampaignIndexPage"


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    status = "in_consultation"
    summary = "What must change."

    class Meta:
        model = "network.CampaignPage"


class CampaignUpdatePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Update {n}")
    slug = factory.Sequence(lambda n: f"update-{n}")
    summary = "News of the campaign."
    date = factory.Sequence(lambda n: datetime.date(2025, 5, 1) + datetime.timedelta(days=n))

    class Meta:
        model = "network.CampaignUpdatePage"


# --- Contact ---------------------------------------------------------------------


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    slug = "contact"
    intro = "Get in touch."
    to_address = "staff@example.org"
    from_address = "website@example.org"
    subject = "New message"

    class Meta:
        model = "home.ContactPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        from home.models import ContactFormField

        specs = extracted or [
            ("Your name", "singleline", True),
            ("Your email address", "email", True),
            ("Your message", "multiline", True),
        ]
        for order, (label, kind, required) in enumerate(specs):
            ContactFormField.objects.create(
                page=self, sort_order=order, label=label, field_type=kind, required=required
            )
