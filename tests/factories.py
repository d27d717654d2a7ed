"""Factories for every model the tests build, in one place."""

import datetime
from datetime import timedelta

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone

from home.models import HomePage, StandardPage
from home.pdf import text_pdf
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


def promise(organisation, ballot, votes, quota=None):
    """What an organisation promised for one ballot (a ballot.CodeQuota row)."""
    from ballot.models import CodeQuota

    row, _ = CodeQuota.objects.update_or_create(
        ballot=ballot, organisation=organisation, defaults={"promised_votes": votes, "quota": quota}
    )
    return row


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
                sort_order=i,
            )


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
    organisation = None

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


# --- Resources and events (issue 14) -------------------------------------------


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            text_pdf(o.title, ["Demo text."]), name=f"{o.title.lower().replace(' ', '-')}.pdf"
        )
    )
    # Wagtail's upload form records the size; a document made in code does it here.
    file_size = factory.LazyAttribute(lambda o: o.file.size)


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"
    intro = "Toolkits and guides."

    class Meta:
        model = "network.ResourceIndexPage"


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = "A useful resource."
    topic = "local-campaigning"
    audience = "women"
    resource_format = "toolkit"
    document = factory.SubFactory(DocumentFactory)

    class Meta:
        model = "network.ResourcePage"


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"

    class Meta:
        model = "network.EventIndexPage"


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "Come along."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    where = "in_person"
    venue = "Example Hall"

    class Meta:
        model = "network.EventPage"


class ExperiencePageFactory(wagtail_factories.PageFactory):
    title = "Share your experience"
    slug = "share-your-experience"
    intro = "Tell us what happened."

    class Meta:
        model = "experiences.ExperiencePage"


class ExperienceFactory(factory.django.DjangoModelFactory):
    who = "woman"
    setting = "hospital"
    issue = "hospitals"
    story = "Nobody listened on the ward."

    class Meta:
        model = "experiences.Experience"


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


def partner_user(organisation, username=None, password="partner-pass-123"):  # noqa: S107
    """A partner user for ``organisation``, made the way Wish staff make them."""
    from network.accounts import create_partner_user

    username = username or f"partner-{organisation.slug}"
    account = create_partner_user(organisation, username, f"{username}@example.org", password)
    return account.user


# --- Admin users by role -------------------------------------------------------


def role_user(group_name, username, superuser=False):
    """A staff user in one of the role groups (see network/access.py ROLES), or with
    ``group_name=None`` a user in no group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pass-123456")
    user = User.objects.create_user(username, f"{username}@example.org", "pass-123456")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_only_user(username="admin-only"):
    """A user whose only right is to sign in to the admin."""
    from django.contrib.auth.models import Permission

    user = role_user(None, username)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def kiosk_with_token(ballot, organisation=None, label="Library", days=7, user=None):
    """A working kiosk and its token (the token is never stored, so tests keep it here)."""
    from ballot.kiosks import create_kiosk

    return create_kiosk(label=label, ballot=ballot, organisation=organisation, days=days, user=user)


# --- Languages (issue 12) -----------------------------------------------------


def ensure_locales():
    """Every language in settings.LANGUAGES as a Wagtail locale (the data
    migration makes them; a transactional test's flush removes them)."""
    from django.conf import settings
    from wagtail.models import Locale

    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def translate_page(page, codes):
    """Translate ``page`` (and, first, any ancestor not yet translated) into the
    languages ``codes`` through wagtail-localize, as the admin's "Translate"
    action does; returns {code: translated page}."""
    from django.test import TestCase
    from wagtail.models import Page
    from wagtail_localize.operations import translate_object

    locales = ensure_locales()
    targets = [locales[code] for code in codes]
    # wagtail-localize publishes when each translation's transaction commits;
    # inside a test's transaction, run those callbacks after each call, as
    # the admin's separate requests would.
    for each in page.get_ancestors().filter(depth__gt=1):
        done = set(
            Page.objects.filter(translation_key=each.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        missing = [locale for locale in targets if locale.pk not in done]
        if missing:
            with TestCase.captureOnCommitCallbacks(execute=True):
                translate_object(Page.objects.get(pk=each.pk).specific, missing)
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(Page.objects.get(pk=page.pk).specific, targets)
    return {
        code: Page.objects.get(translation_key=page.translation_key, locale=locales[code]).specific
        for code in codes
    }


# --- Follow by email, the newsletter, comments ----------------------------------


class FollowerFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    status = "confirmed"
    frequency = "immediate"
    everything = True
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Meta:
        model = "mailings.Follower"
        skip_postgeneration_save = True

    class Params:
        weekly = factory.Trait(frequency="weekly")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def campaigns(self, create, extracted, **kwargs):
        if extracted:
            self.campaigns.set(extracted)


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    title = "Newsletter"
    slug = "newsletter"
    intro = "Every newsletter we have sent."

    class Meta:
        model = "mailings.NewsletterIndexPage"


class NewsletterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Newsletter {n}")
    slug = factory.Sequence(lambda n: f"newsletter-{n}")
    intro = "News from the network this month."

    class Meta:
        model = "mailings.NewsletterPage"


class CommentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Reader {n}")
    body = "Thank you for writing this."
    status = "pending"

    class Meta:
        model = "blog.Comment"
