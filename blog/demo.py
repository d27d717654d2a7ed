"""Demo blog: the six posts and four authors from the content brief, in our own words."""

import datetime

from home.demo import child_page, home_page, pictogram_image, rich, set_home_link
from network.demo import ensure_organisations
from network.models import Organisation

from .models import Author, BlogIndexPage, BlogPage, BlogPageAuthor, Category

CATEGORIES = {
    "community-link": (
        "Community Link",
        "Wish's project supporting women before and after release.",
    ),
    "criminal-justice": ("Criminal Justice", "Women, mental health and the justice system."),
    "wmhn": ("WMHN", "News and thinking from the Women's Mental Health Network."),
    "gender-specific-advocacy": (
        "Gender Specific Advocacy",
        "Advocacy by women, for women, and why it matters.",
    ),
}

AUTHORS = {
    "penny-bennett": {
        "name": "Penny Bennett",
        "role": "Community Link Manager",
        "organisation_slug": "wish",
        "bio": "Penny runs Community Link, which walks alongside women as they get ready "
        "to leave prison and through the months after.",
    },
    "justine-howard": {
        "name": "Justine Howard",
        "role": "Advocate, North West",
        "organisation_slug": "wish",
        "bio": "Justine is an advocate in the North West, supporting women in hospital "
        "and in the community to be heard.",
    },
    "jennifer-holly": {
        "name": "Jennifer Holly",
        "role": "Project Manager",
        "organisation_slug": "ava",
        "is_partner_guest": True,
        "bio": "Jennifer manages projects at AVA (Against Violence and Abuse), a partner "
        "of the network working to end gender-based violence.",
    },
    "joyce-kallevik": {
        "name": "Joyce Kallevik",
        "role": "Director",
        "organisation_slug": "wish",
        "bio": "Joyce is the Director of Wish, which leads the Women's Mental Health Network.",
    },
    "wmhn-team": {
        "name": "WMHN team",
        "role": "Women's Mental Health Network",
        "bio": "The people who coordinate the network day to day.",
    },
}

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


# Each post's own OpenMoji pictogram (static/img/pictograms/<name>.svg) and what it
# means, for women who cannot see it: the image's description, asked once.
POST_PICTURES = {
    "introducing-the-womens-mental-health-network": (
        "megaphone",
        "A megaphone: women's voices being heard.",
    ),
    "what-will-the-network-do": ("compass", "A compass: the way the network will go."),
    "what-key-issues-did-our-focus-groups-identify": (
        "ballot-box",
        "A ballot box: women choosing the issues that matter most.",
    ),
    "violence-against-women-and-mental-health": (
        "sos",
        "An SOS sign: asking for help and being kept safe.",
    ),
    "gender-specific-advocacy-and-why-it-works": (
        "handshake",
        "Two hands shaking: an advocate on a woman's side.",
    ),
    "community-link-roxannes-story": ("door", "A door: leaving prison for a life outside."),
}
# The placeholder every post had before the pictograms; a re-run replaces it.
OLD_PICTURE_TITLE = "Blog post (demo picture)"


def post_picture(slug):
    return pictogram_image(*POST_PICTURES[slug])


def replace_old_pictures():
    """Posts an earlier demo made still show the circles: give each its pictogram,
    in a new revision so publishing an older one later does not bring them back."""
    for post in BlogPage.objects.filter(
        featured_image__title=OLD_PICTURE_TITLE, slug__in=list(POST_PICTURES)
    ):
        post.featured_image = post_picture(post.slug)
        post.featured_image_alt = ""
        revision = post.save_revision()
        if post.live:
            revision.publish()


def ensure_snippets():
    categories = {}
    for slug, (name, description) in CATEGORIES.items():
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    # Authors link to organisations, which the network's demo makes; make sure
    # they exist whichever app's demo runs first (it only adds what is missing).
    ensure_organisations()
    authors = {}
    for slug, spec in AUTHORS.items():
        fields = dict(spec)
        org_slug = fields.pop("organisation_slug", None)
        fields["organisation"] = Organisation.objects.filter(slug=org_slug).first()
        authors[slug], _ = Author.objects.get_or_create(slug=slug, defaults=fields)
    return categories, authors


def load(stdout):
    home = home_page()
    if home is None:
        return
    categories, authors = ensure_snippets()
    index = child_page(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        show_in_menus=True,
        seo_title="Blog: news and guest posts from the network",
        search_description="Posts by women, advocates and partners of the Women's Mental "
        "Health Network. Follow by RSS or Atom feed.",
        intro="News from the network and guest posts from our partners and the women we work with.",
    )
    created = 0
    for spec in POSTS:
        if index.get_children().filter(slug=spec["slug"]).exists():
            continue
        post = BlogPage(
            slug=spec["slug"],
            title=spec["title"],
            date=spec["date"],
            intro=spec["intro"],
            search_description=spec["intro"],
            featured_image=post_picture(spec["slug"]),
            body=spec["body"],
        )
        post.categories = [categories[slug] for slug in spec["categories"]]
        post.post_authors = [BlogPageAuthor(author=authors[slug]) for slug in spec["authors"]]
        index.add_child(instance=post)
        post.tags.set(spec["tags"])
        post.save()
        post.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"Created {created} blog posts.")
    replace_old_pictures()
    set_home_link("follow_page", index)
    from .demo_comments import load_comments

    load_comments(index, stdout)
