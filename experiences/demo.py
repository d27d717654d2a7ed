"""The demo "Share your experience" page and a few made-up experiences for staff to triage.

The demo experiences are plainly fictional and anonymous; they exist so the
admin list and the counts page (with its withheld cells) have something to show.
"""

import itertools

from home.demo import child_page, home_page

from .models import Experience, ExperiencePage

DEMO_STORIES = [
    (
        "hospital",
        "staff-attitudes-and-behaviour",
        "(Demo) On the ward nobody asked me what "
        "I needed. They talked about me as if I was not there.",
    ),
    (
        "prison",
        "counselling-advocacy-and-support",
        "(Demo) I waited months to see a "
        "counsellor. The advocate was the first person who listened.",
    ),
    (
        "police",
        "police",
        "(Demo) When I was in crisis the police came, not a nurse. I was frightened.",
    ),
    ("housing", "housing", "(Demo) The only hostel place was mixed. I slept in my coat."),
]


def load(stdout):
    home = home_page()
    if home is None:
        return
    child_page(
        home,
        ExperiencePage,
        "share-your-experience",
        title="Share your experience",
        show_in_menus=False,
        search_description="Tell us about your experience of prison, hospital, police, "
        "housing, social services or drugs and alcohol services.",
        intro="Your experience of services is evidence. Tell us what happened, in your own "
        "words, and we will pool it with what other women tell us to show what must change.",
    )
    if Experience.objects.exists():
        return
    # Eleven about staff attitudes on hospital wards (shown), a few others (withheld).
    rows = [DEMO_STORIES[0]] * 11 + DEMO_STORIES[1:] * 2
    whos = itertools.cycle(["woman", "woman", "worker", "organisation"])
    Experience.objects.bulk_create(
        Experience(setting=setting, issue=issue, story=story, who=next(whos))
        for setting, issue, story in rows
    )
    stdout.write(f"Created {len(rows)} demo experiences.")
