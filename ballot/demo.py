"""Demo ballot at /have-your-say/: the ten issues, all routes open, some votes.

Words are our own; the ten issue titles and the 5,000 target come from the
content brief. Organisations named here are plainly fictional examples.
"""

import random
from datetime import timedelta

from django.utils import timezone

from home.demo import home_page, pictogram_image, set_home_link
from network.models import Organisation

from .models import BallotOption, BallotPage, CodeBatch, PaperBatch, Tally, Vote
from .models.codes import format_code
from .models.votes import AGE_BANDS, REGIONS, SERVICES, Route
from .voting import record_vote

ISSUES = [
    (
        "Prison",
        "Very few women in prison are a danger to anyone. Most have lived through serious "
        "trauma and need support to recover, not to be silenced.",
        "Most women in prison have been badly hurt in their lives. They need help, not "
        "punishment that keeps them quiet.",
    ),
    (
        "Police",
        "With mental health services cut back, the police are often the first to meet a woman "
        "in crisis, and restraint can bring back old trauma.",
        "Police often come when a woman is in a mental health crisis. Being held down can "
        "hurt her again.",
    ),
    (
        "Hospitals",
        "Wards and A&E departments should be safe. Too often women feel unsafe, unheard and "
        "judged there.",
        "A hospital should be a safe place. Many women feel scared or not listened to there.",
    ),
    (
        "Domestic violence",
        "When a woman reports abuse and is not taken seriously, her life can be put at risk.",
        "When a woman says she is hurt at home, she must be believed. If no one listens, "
        "she could die.",
    ),
    (
        "PTSD and complex needs",
        "Women are given labels and medication when they need therapy that understands "
        "the trauma they have lived through.",
        "Women who have been hurt need the right help to get well, not just a label and pills.",
    ),
    (
        "Housing",
        "There are too few safe places to live that are for women only.",
        "Women need more safe homes that are just for women.",
    ),
    (
        "Children",
        "Children are taken from their mothers too quickly, and a mother's recovery is not "
        "given the weight it deserves.",
        "Children are taken from their mums too fast. Mums can get well, and that should count.",
    ),
    (
        "Counselling, advocacy and support",
        "Talking therapies, above all women-only and gender-specific ones, are very hard to get.",
        "It is very hard to find someone to talk to. It is even harder to find a service just "
        "for women.",
    ),
    (
        "Staff attitudes and behaviour",
        "Women are not listened to or treated as equals, and sometimes not treated as people "
        "at all.",
        "Staff should listen to women and treat them with respect, as people.",
    ),
    (
        "Male staff and support workers",
        "Some men working in prisons and hospitals behave towards women in ways that are "
        "frightening or inappropriate.",
        "Some men who work in prisons and hospitals scare women or act in the wrong way.",
    ),
]

# Every ballot text has a reading age of 9 or less (tests/ballot/test_readability.py).
QUESTION = "Which 3 issues should we work on first?"
INTRO = (
    "Women in focus groups named ten issues. Now we ask 5,000 women to pick the three that "
    "matter most. The three picked most will be our first big campaigns. We do not ask your "
    "name, so nobody knows how you voted."
)
EASY_READ_INTRO = (
    "Women told us about 10 problems.\n"
    "Now we want to know what you think.\n"
    "Pick the 3 problems that matter most to you.\n"
    "We will work on the 3 that women pick most.\n"
    "We do not ask your name."
)
# What earlier demos said, put into plain words on the next load (see _plain_words).
OLD_TEXTS = {
    "question": "Which 3 issues should the network campaign on first?",
    "intro": (
        "Women in focus groups named ten issues. Now we are asking 5,000 women to choose "
        "the three that matter most. The three chosen most become our first national "
        "campaigns. Your vote is anonymous: we never ask your name."
    ),
}

# Per issue, in ISSUES order: the plain title shown under the campaign title,
# the OpenMoji pictogram (static/img/pictograms/<name>.svg, vendored by
# `make pictograms`) and what the picture means, for women who cannot see it.
PICTURES = [
    ("Women in prison", "prison", "A padlock: being locked up in prison."),
    ("Being held down by police", "police", "A police officer."),
    ("Feeling safe in hospital", "hospital", "A hospital building with a red cross."),
    (
        "Being believed about abuse at home",
        "domestic-abuse",
        "A shield: being kept safe from abuse at home.",
    ),
    ("The right help after trauma", "trauma", "A brain: the mind, and help after trauma."),
    ("A safe home for women", "housing", "A house: a safe place to live."),
    ("Mothers and their children", "children", "A mother and her daughter together."),
    ("Someone to talk to", "counselling", "A speech bubble: someone to talk to."),
    ("Being listened to and respected", "staff-attitudes", "An ear: being listened to."),
    ("Men who work with women", "male-staff", "A man who works in health care."),
]
# How the picture of every option began before the pictograms (the options' own
# alt text, which migration 0016 copied onto the image): such options get one.
OLD_PLACEHOLDER_ALT = "An abstract pattern of circles"

# Plainly fictional channels: (name, slug, kind, region). The network's demo
# makes the same ones among its 53 organisations; these are reused by slug.
EXAMPLE_ORGANISATIONS = [
    ("Example Women's Centre, Leeds", "example-womens-centre-leeds", "womens_centre", "yorkshire"),
    (
        "Example Secure Unit, Birmingham",
        "example-secure-unit-birmingham",
        "hospital",
        "west_midlands",
    ),
    (
        "Example Women's Housing Project, Bristol",
        "example-womens-housing-project-bristol",
        "housing",
        "south_west",
    ),
    (
        "Example Women's Peer Support Group, Manchester",
        "example-womens-peer-support-group-manchester",
        "community",
        "north_west",
    ),
]

DEMO_VOTES = 120
DEMO_TARGET = 5000
OLD_EASY_TEXTS = {
    "Hospitals should feel safe. Many women feel scared, ignored or judged there.",
    "Services must believe women who report abuse at home. Not listening can cost lives.",
    "Women who have been through trauma need the right therapy, not just a label and pills.",
    "Children are taken away from mothers too easily. Mothers can get better, and that "
    "should count.",
    "It is very hard to get someone to talk to, especially a service just for women.",
}


def _option_fields(index):
    plain_title, name, alt = PICTURES[index]
    return {"plain_title": plain_title, "image": pictogram_image(name, alt)}


def _organisations():
    orgs = []
    for name, slug, kind, region in EXAMPLE_ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "region": region}
        )
        orgs.append(org)
    return orgs


def _ballot(home, stdout):
    existing = home.get_children().filter(slug="have-your-say").first()
    if existing:
        return existing.specific, False
    now = timezone.now()
    ballot = BallotPage(
        title="Have your say",
        slug="have-your-say",
        show_in_menus=True,
        search_description="Choose the three issues you most want the network to campaign on.",
        question=QUESTION,
        intro=INTRO,
        easy_read_intro=EASY_READ_INTRO,
        choices_required=3,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=150),
        target=DEMO_TARGET,
        results_visibility="always",
    )
    for i, (title, short, easy) in enumerate(ISSUES):
        ballot.options.add(
            BallotOption(
                title=title,
                short_text=short,
                easy_read_text=easy,
                sort_order=i,
                **_option_fields(i),
            )
        )
    home.add_child(instance=ballot)
    ballot.save_revision().publish()
    stdout.write("Created the demo ballot at /have-your-say/.")
    return ballot, True


NEXT_SLUG = "next-consultation"


def _next_ballot(home, stdout):
    """A draft beside the open ballot, so staff see what several ballots look like
    in the ballot list (draft / open) before they start one of their own. Being a
    draft it has no votes and appears on no public page, turnout or dashboard."""
    if home.get_children().filter(slug=NEXT_SLUG).exists():
        return
    now = timezone.now()
    draft = BallotPage(
        title="Next year's consultation (draft)",
        slug=NEXT_SLUG,
        live=False,
        question="Which 3 of these should the network take to the new government?",
        intro="A draft for staff to try the ballot list with: not published.",
        choices_required=3,
        opens_at=now + timedelta(days=200),
        closes_at=now + timedelta(days=290),
        target=5000,
        results_visibility="closed",
    )
    for i, (title, short, easy) in enumerate(ISSUES[:5]):
        draft.options.add(
            BallotOption(title=title, short_text=short, easy_read_text=easy, sort_order=i)
        )
    home.add_child(instance=draft)
    draft.save_revision()
    stdout.write("Created a draft ballot for next year (not published).")


def _demo_votes(ballot, orgs):
    if Vote.objects.filter(ballot=ballot).exists():
        return
    rng = random.Random(4)  # the same demo every time
    options = list(ballot.options.filter(hidden=False))
    weights = [9, 6, 8, 7, 6, 5, 4, 8, 7, 3]
    for _ in range(DEMO_VOTES):
        chosen = set()
        while len(chosen) < ballot.choices_required:
            chosen.add(rng.choices(options, weights=weights[: len(options)])[0])
        route = rng.choice([Route.ONLINE, Route.ONLINE, Route.CODE, Route.PAPER])
        answers = {}
        if rng.random() < 0.7:
            answers = {
                "age_band": rng.choice(AGE_BANDS)[0],
                "region": rng.choice(REGIONS)[0],
                "services": rng.sample([s for s, _ in SERVICES], rng.randint(0, 3)),
            }
        channel = rng.choice(orgs) if route != Route.ONLINE or rng.random() < 0.5 else None
        record_vote(ballot, list(chosen), route=route, channel=channel, answers=answers)


def _results_on_home(home, ballot):
    if any(block.block_type == "ballot_results" for block in home.body):
        return
    home.body.append(
        (
            "ballot_results",
            {
                "ballot": ballot,
                "heading": "The consultation so far",
                "show_bars": True,
                "show_counts": True,
                "show_progress": True,
            },
        )
    )
    home.save_revision().publish()


def _code_and_paper_batches(ballot, org, stdout):
    """A few codes to try the code route locally (printed once, like the admin shows them)."""
    if not CodeBatch.objects.filter(ballot=ballot).exists():
        batch = CodeBatch.objects.create(
            ballot=ballot, organisation=org, reference="Demo cards", size=5
        )
        codes = ", ".join(format_code(c) for c in batch.issue())
        stdout.write(f"Demo ballot codes (shown only now): {codes}")
    PaperBatch.objects.get_or_create(ballot=ballot, organisation=org, reference="Demo paper batch")


def _pictograms(ballot):
    """Give options that still have the old circles placeholder their pictogram."""
    titles = [title for title, _short, _easy in ISSUES]
    changed = False
    for option in ballot.options.filter(image__description__startswith=OLD_PLACEHOLDER_ALT):
        if option.title in titles:
            for field, value in _option_fields(titles.index(option.title)).items():
                setattr(option, field, value)
            option.save(update_fields=["plain_title", "image"])
            changed = True
    if changed:
        # A new revision, so publishing an older one later does not bring the circles back.
        BallotPage.objects.get(pk=ballot.pk).save_revision().publish()


def _plain_words(ballot):
    """Bring a demo ballot made by an earlier version up to the plain-words texts,
    leaving anything staff have changed alone."""
    ballot = BallotPage.objects.get(pk=ballot.pk)
    changed = False
    for field, new in (("question", QUESTION), ("intro", INTRO)):
        if getattr(ballot, field) == OLD_TEXTS[field]:
            setattr(ballot, field, new)
            changed = True
    if not ballot.easy_read_intro:
        ballot.easy_read_intro = EASY_READ_INTRO
        changed = True
    easy = {title: text for title, _short, text in ISSUES}
    for option in ballot.options.all():
        if option.title in easy and option.easy_read_text in OLD_EASY_TEXTS:
            option.easy_read_text = easy[option.title]
            option.save(update_fields=["easy_read_text"])
            changed = True
    if changed:
        ballot.save_revision().publish()


def _link_campaigns(ballot):
    """Tie each option to the campaign page on the same issue, where staff have not."""
    from network.models import CampaignPage

    campaigns = {c.title: c for c in CampaignPage.objects.all()}
    for option in ballot.options.filter(campaign=None):
        if option.title in campaigns:
            option.campaign = campaigns[option.title]
            option.save(update_fields=["campaign"])


def load(stdout):
    home = home_page()
    if home is None:
        return
    ballot, _created = _ballot(home, stdout)
    _pictograms(ballot)
    _plain_words(ballot)
    orgs = _organisations()
    _demo_votes(ballot, orgs)
    _code_and_paper_batches(ballot, orgs[0], stdout)
    set_home_link("have_your_say_page", ballot)
    _results_on_home(home_page(), ballot)
    _link_campaigns(ballot)
    if not Tally.objects.filter(ballot=ballot).exists():
        stdout.write("The demo ballot has no tallies: run manage.py recount_ballot.")
    from . import demo_partners

    demo_partners.load(stdout)
    _next_ballot(home_page(), stdout)
