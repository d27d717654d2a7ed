"""Organisations: the channels that carry the network (and its ballot) to women."""

from django.conf import settings
from django.db import models
from wagtail.search import index

from .regions import Region


class Organisation(index.Indexed, models.Model):
    """One of the 53 organisations reaching women; the eight partners also have a page.

    The ballot app uses the slug in referral links (``?via=<slug>``) and ties
    codes, paper batches and votes to an organisation, so slugs must not change
    once a consultation is running.
    """

    class Kind(models.TextChoices):
        CHARITY = "charity", "Charity"
        WOMENS_CENTRE = "womens_centre", "Women's centre"
        PRISON = "prison", "Prison"
        HOSPITAL = "hospital", "Hospital or secure unit"
        HOUSING = "housing", "Housing provider"
        HEALTH = "health", "Health or social care service"
        COMMUNITY = "community", "Community group"
        OTHER = "other", "Other"

    Region = Region

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Used in referral links (?via=slug). Do not change it during a consultation.",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.CHARITY)
    region = models.CharField(max_length=20, choices=Region.choices, default=Region.NATIONAL)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    is_partner = models.BooleanField(
        default=False, help_text="One of the network's partner charities."
    )
    active = models.BooleanField(
        default=True, help_text="Inactive organisations keep their history but take no new votes."
    )
    # What an organisation promised is per ballot: ballot.CodeQuota (organisation x
    # ballot), set under Ballot > Promises and code quotas.

    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The image collection its partner users manage (made with their group).",
    )
    # Its partner users' group, linked rather than found by name: a renamed
    # organisation keeps its group, and a new one given the old name gets its own.
    partner_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="partner_organisation",
        help_text="The Wagtail group of its partner users (made with the first one).",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    # Set only by update() where each is made (network/accounts.py partner_group,
    # network/access_groups.py organisation_collection), so a save of an
    # organisation read before that (an admin edit form) cannot write back the
    # empty link it read.
    LINKS = ("collection", "partner_group")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.LINKS
            ]
        super().save(*args, **kwargs)


class PartnerAccount(models.Model):
    """A Wagtail user who works for one organisation and sees only its part of the ballot."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_account"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_accounts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "user__username"]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


def organisation_for(user):
    """The organisation a partner user works for, or None (Wish staff: sees everything).

    A superuser is always staff, even with a partner account by mistake.
    """
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    account = getattr(user, "_partner_account_cache", False)
    if account is False:
        account = (
            PartnerAccount.objects.filter(user_id=user.pk).select_related("organisation").first()
        )
        user._partner_account_cache = account
    return account.organisation if account else None


def is_partner(user):
    return organisation_for(user) is not None


# Page models live in their own modules so partner and campaign pages merge
# cleanly with membership work in this app; Django finds them through here.
from .campaigns import (  # noqa: E402, F401
    CampaignIndexPage,
    CampaignPage,
    CampaignStatus,
    CampaignUpdatePage,
)
from .events import EventIndexPage, EventPage  # noqa: E402, F401

# Membership lives in its own module (join page, members, consent wording);
# importing it here is what makes Django register its models in this app.
from .models_membership import *  # noqa: E402, F403
from .partners import NetworkIndexPage, PartnerPage, PartnerSectorTag  # noqa: E402, F401
from .resources import ResourceIndexPage, ResourcePage  # noqa: E402, F401
