"""The texts of the six demo blog posts from the content brief, in our own words.

Kept apart from the builder (blog/demo.py), which makes the pages, authors
and categories they name; editing a post's words here changes what a fresh
`make demo` writes (a post already made is left as it is).
"""

import datetime

from home.demo import rich

TEN_ISSUES = [
    (
        "Prison",
        "Most women in prison pose little risk to anyone; many have lived through "
        "serious trauma and need support and rehabilitation, not to be silenced.",
    ),
    (
        "Police",
        "With psychiatric services cut back, police are often first to a mental "
        "health crisis, and restraint can re-traumatise women.",
    ),
    (
        "Hospitals",
        "Wards and A&E should be safe, yet women often feel unsafe, ignored and judged there.",
    ),
    (
        "Domestic violence",
        "When reports are not taken seriously, a woman's life can be put at risk.",
    ),
    (
        "PTSD and complex needs",
        "Women are given labels and medication where they need therapy that understands trauma.",
    ),
    ("Housing", "There are too few safe, women-only places to live."),
    (
        "Children",
        "Children are taken from their mothers too readily, and a mother's "
        "recovery is not given its due.",
    ),
    (
        "Counselling, advocacy and support",
        "Talking therapy, especially women-only and "
        "gender-specific support, is very hard to reach.",
    ),
    (
        "Staff attitudes and behaviour",
        "Women describe not being listened to, not being "
        "treated equally, and sometimes not being treated as people.",
    ),
    (
        "Male staff and support workers",
        "Some women meet intimidating or inappropriate "
        "conduct from male staff in prisons and hospitals.",
    ),
]


def issues_html():
    items = "".join(f"<li><b>{title}</b>: {gist}</li>" for title, gist in TEN_ISSUES)
    return f"<ol>{items}</ol>"


POSTS = [
    {
        "slug": "introducing-the-womens-mental-health-network",
        "title": "Introducing the Women's Mental Health Network",
        "date": datetime.date(2025, 1, 20),
        "authors": ["joyce-kallevik"],
        "categories": ["wmhn"],
        "tags": ["launch", "user-led"],
        "intro": "Why Wish and seven partners are starting a network led by women who "
        "use mental health services, and how we plan to launch it.",
        "body": [
            {
                "type": "paragraph",
                "value": rich(
                    """
For thirty years Wish has stood beside women with mental health needs in prison,
secure hospital and the community. Again and again, those women have told us what
would have helped. Too often nobody in power was listening.

The Women's Mental Health Network is our answer: a campaigning platform, led by
women with lived experience, that brings their views straight to the people who
run hospitals, prisons, police forces, housing and social care.
"""
                ),
            },
            {
                "type": "quote",
                "value": {
                    "quote": "We want women's voices to be where decisions are made, not "
                    "an afterthought once they have been taken.",
                    "attribution": "Joyce Kallevik, Director, Wish",
                },
            },
            {
                "type": "paragraph",
                "value": rich(
                    """
We want the launch to reach people who never read a policy paper, so we plan to
launch through music, and we are looking for a high-profile female singer who
shares our hopes to help us do it.
"""
                ),
            },
        ],
    },
    {
        "slug": "what-will-the-network-do",
        "title": "What will the Women's Mental Health Network do?",
        "date": datetime.date(2025, 2, 3),
        "authors": ["wmhn-team"],
        "categories": ["wmhn"],
        "tags": ["consultation", "campaigns"],
        "intro": "Listen, choose, campaign: the three steps that turn women's experience "
        "into national campaigns.",
        "body": [
            {
                "type": "paragraph",
                "value": rich(
                    """
First, we listen. Women in focus groups have already named the issues that matter
to them. Next, we ask many more women to choose among those issues. Finally, the
issues women choose most become our first national campaigns, developed, piloted
and evaluated together with women.
"""
                ),
            },
            {
                "type": "key_facts",
                "value": {
                    "heading": "The plan in numbers",
                    "facts": [
                        {"figure": "5,000", "label": "women we want to hear from"},
                        {"figure": "53", "label": "organisations helping us reach them"},
                        {"figure": "3", "label": "issues each woman chooses from ten"},
                    ],
                },
            },
        ],
    },
    {
        "slug": "what-key-issues-did-our-focus-groups-identify",
        "title": "What key issues did our focus groups identify?",
        "date": datetime.date(2025, 2, 17),
        "authors": ["wmhn-team"],
        "categories": ["wmhn"],
        "tags": ["consultation", "focus groups"],
        "intro": "Thirty women in five focus groups named ten issues. Here they are, in short.",
        "body": [
            {
                "type": "paragraph",
                "value": rich(
                    "We held five focus groups with thirty women from many backgrounds. "
                    "Between them they named ten issues that must change:"
                ),
            },
            {"type": "paragraph", "value": issues_html()},
            {
                "type": "paragraph",
                "value": rich(
                    "Now we are asking women across the country to pick the three that "
                    "matter most to them."
                ),
            },
        ],
    },
    {
        "slug": "violence-against-women-and-mental-health",
        "title": "Violence against women: what it means for mental health",
        "date": datetime.date(2025, 3, 10),
        "authors": ["jennifer-holly"],
        "categories": ["wmhn"],
        "tags": ["violence against women", "domestic violence"],
        "intro": "Most women using community mental health services have lived through "
        "violence. Services need to start from that fact.",
        "body": [
            {
                "type": "key_facts",
                "value": {
                    "heading": "Women in community mental health services",
                    "facts": [
                        {"figure": "69%", "label": "report domestic violence in their lifetime"},
                        {"figure": "61%", "label": "report sexual violence in their lifetime"},
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": rich(
                    """
Behind those figures are women whose distress makes sense once you know what has
happened to them. Yet many are never asked, and support for trauma is rarely
offered alongside mental health care.

At AVA we want every service a woman meets to ask safely about violence, and to
know where to turn when she answers.
"""
                ),
            },
        ],
    },
    {
        "slug": "gender-specific-advocacy-and-why-it-works",
        "title": "Gender-specific advocacy and why it works",
        "date": datetime.date(2025, 3, 24),
        "authors": ["justine-howard"],
        "categories": ["gender-specific-advocacy", "wmhn"],
        "tags": ["advocacy"],
        "intro": "Women speak more freely to a woman advocate who understands their "
        "experience. That changes what happens next.",
        "body": [
            {
                "type": "paragraph",
                "value": rich(
                    """
Many of the women I support have been hurt by men. Sitting in a ward round full of
professionals is hard enough; having a woman at your side who is there only for you
makes it possible to say what you need.

Gender-specific advocacy is not a luxury. It is often the difference between a woman
being heard and a woman giving up.
"""
                ),
            },
        ],
    },
    {
        "slug": "community-link-roxannes-story",
        "title": "Community Link: Roxanne's story",
        "date": datetime.date(2025, 4, 7),
        "authors": ["penny-bennett"],
        "categories": ["community-link", "criminal-justice", "wmhn"],
        "tags": ["prison", "release"],
        "intro": "How steady support before and after release helped one woman build a "
        "life outside prison.",
        "body": [
            {
                "type": "paragraph",
                "value": rich(
                    """
We first met Roxanne (not her real name) a few months before her release. She was
worried about where she would live and whether anyone would be there when she got
out.

Community Link worked with her on a plan: somewhere safe to stay, a GP, and someone
to call on the hard days. On the morning she left, a familiar face was waiting.
"""
                ),
            },
            {
                "type": "quote",
                "value": {
                    "quote": "For the first time someone came to meet me at the gate.",
                    "attribution": "Roxanne",
                },
            },
        ],
    },
]
