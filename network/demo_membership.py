"""Demo content for membership: the join page at /join/, in the menu and on the home page.

Called from ``network/demo.py``. Like every loader it only creates what is
missing, so running it again changes nothing and keeps staff edits.
"""

from home.demo import child_page, home_page, rich, set_home_link

from . import demo_consent
from .models_membership import ConsentText, JoinInvolvementOption, JoinPage

INVOLVEMENT = [
    "Have my say in consultations like the ballot",
    "Share my experience of services",
    "Help plan and run a campaign",
    "Spread the word in my area or organisation",
    "Train or speak as a woman with lived experience",
]


def load(stdout):
    home = home_page()
    if home is None:
        return None
    for kind in ConsentText.Kind.values:
        ConsentText.current(kind)  # version 1 of the default wording, if none yet
    demo_consent.load(stdout)  # draft translations, after the English versions
    existing = home.get_children().filter(slug="join").exists()
    join_page = child_page(
        home,
        JoinPage,
        "join",
        title="Join the network",
        show_in_menus=True,
        search_description=(
            "Become a member of the Women's Mental Health Network: free, and you can "
            "leave at any time."
        ),
        intro=rich(
            """
Membership is free and open to any woman with experience of mental health
services, and to anyone who supports women's voices in changing them. Members
hear first about consultations and campaigns and can choose how to take part.
"""
        ),
        privacy_text=rich(
            """
We keep only what you give us here, to run the network and, if you agree, to
send you updates. We never sell or share it. Every email has a link to stop
emails or to leave, and leaving deletes your details.
"""
        ),
        check_email_text=rich(
            """
Membership starts only when you confirm: until then you are not on our list,
and if you never confirm we delete the details after a few weeks.
"""
        ),
        confirmed_text=rich(
            """
Next, you could choose the issues you most want us to campaign on in the
consultation, or read about the network and its partners.
"""
        ),
        involvement_options=[JoinInvolvementOption(label=label) for label in INVOLVEMENT],
    )
    if not existing:
        stdout.write("Created the join page at /join/.")
    set_home_link("join_page", join_page)
    return join_page
