"""The public forms on one site, and a snapshot of everything they can store."""

import pytest
from django.core import mail
from django.core.cache import cache


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """Rate limits would turn most examples into "slow down" replies; the fuzz
    is after the form logic behind them (the limits have their own tests)."""
    settings.BALLOT_IP_LIMIT = 0
    settings.BALLOT_WRONG_CODE_LIMIT = "100000/m"
    settings.BALLOT_WRONG_CODE_IP_LIMIT = "100000/m"
    settings.MEMBERSHIP_JOIN_RATE = "100000/m"
    settings.MEMBERSHIP_RESEND_INTERVAL = 0
    settings.CONTACT_FORM_RATE = "100000/m"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def forms_site(home_page):
    """The ballot at /have-your-say/, the join form at /join/, contact at /contact/."""
    from tests.factories import (
        BallotPageFactory,
        ContactPageFactory,
        JoinInvolvementOptionFactory,
        JoinPageFactory,
    )

    ballot = BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")
    join = JoinPageFactory(parent=home_page)
    for label in ("Have my say", "Share my experience"):
        JoinInvolvementOptionFactory(page=join, label=label)
    contact = ContactPageFactory(parent=home_page)
    return {"ballot": ballot, "join": join, "contact": contact}


def stored():
    """Everything a public form could write (rows and emails)."""
    from wagtail.contrib.forms.models import FormSubmission

    from ballot.models import BallotCode, SubmissionToken, Tally, Vote, VoteChoice
    from network.models import Member

    return {
        "votes": Vote.objects.count(),
        "choices": VoteChoice.objects.count(),
        "tallies": sum(Tally.objects.values_list("count", flat=True)),
        "code_uses": BallotCode.objects.filter(used=True).count(),
        "tokens": SubmissionToken.objects.count(),
        "members": list(Member.objects.order_by("pk").values()),
        "submissions": FormSubmission.objects.count(),
        "emails": len(mail.outbox),
    }
