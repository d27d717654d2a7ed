"""Demo blog: the six posts (their texts in demo_posts.py) and four authors from the
content brief, in our own words."""

from home.demo import child_page, home_page, pictogram_image, set_home_link
from network.demo import ensure_organisations
from network.models import Organisation

from .demo_posts import POSTS
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
