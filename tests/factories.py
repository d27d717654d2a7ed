"""Factories for every model the tests build, in one place."""

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
