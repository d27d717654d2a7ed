"""Factories for every model the tests build, in one place."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from home.models import HomePage, StandardPage
from network.models import ConsentText


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


# --- Membership (network/models_membership.py) -----------------------------


class JoinPageFactory(wagtail_factories.PageFactory):
    title = "Join the network"
    slug = "join"
    intro = "<p>Membership is free.</p>"
    check_email_text = "<p>Membership starts only when you confirm.</p>"
    confirmed_text = "<p>Welcome aboard: next, have your say.</p>"
    show_in_menus = True

    class Meta:
        model = "network.JoinPage"


class JoinInvolvementOptionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(JoinPageFactory)
    label = factory.Sequence(lambda n: f"Way to help {n}")

    class Meta:
        model = "network.JoinInvolvementOption"


class ConsentTextFactory(factory.django.DjangoModelFactory):
    kind = "membership"
    wording = factory.Sequence(lambda n: f"I agree to join (wording {n}).")

    class Meta:
        model = "network.ConsentText"


def _now():
    return timezone.now()


class MemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    status = "confirmed"
    confirmed_at = factory.LazyFunction(_now)
    membership_consent = factory.LazyFunction(lambda: ConsentText.current("membership"))
    membership_consented_at = factory.LazyFunction(_now)

    class Meta:
        model = "network.Member"

    class Params:
        pending = factory.Trait(status="pending", confirmed_at=None)
        with_updates = factory.Trait(
            wants_updates=True,
            updates_consent=factory.LazyFunction(lambda: ConsentText.current("updates")),
            updates_consented_at=factory.LazyFunction(_now),
        )


# --- Ballot -----------------------------------------------------------------


class BallotPageFactory(wagtail_factories.PageFactory):
    """An open ballot; ``options=N`` (default 10) adds N visible options."""

    title = factory.Sequence(lambda n: f"Ballot {n}")
    slug = factory.Sequence(lambda n: f"ballot-{n}")
    question = "Which 3 issues matter most?"
    choices_required = 3
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    results_visibility = "always"

    class Meta:
        model = "ballot.BallotPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        from ballot.models import BallotOption

        count = 10 if extracted is None else extracted
        for i in range(count):
            BallotOption.objects.create(
                page=self,
                title=f"Issue {i + 1}",
                short_text=f"Short text {i + 1}",
                easy_read_text=f"Easy read {i + 1}",
                image_alt="",
                sort_order=i,
            )
