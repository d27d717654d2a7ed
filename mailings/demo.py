"""Demo newsletter: an index at /newsletter/ and one newsletter, published, not sent.

Sending stays a staff decision (Newsletters in the admin); the demo has no
members with updates consent to send it to unless someone joins.
"""

from home.demo import child_page, home_page

from .models import NewsletterIndexPage, NewsletterPage


def load(stdout):
    from ballot.models import BallotPage
    from blog.models import BlogPage
    from network.campaigns import CampaignUpdatePage

    home = home_page()
    if home is None:
        return None
    existed = home.get_children().filter(slug="newsletter").exists()
    index = child_page(
        home,
        NewsletterIndexPage,
        "newsletter",
        title="Newsletter",
        intro="Every newsletter the network has sent, to read on the web.",
    )
    if index.get_children().exists():
        return index
    body = [
        (
            "text",
            "<p>Welcome to the first newsletter of the Women's Mental Health Network. "
            "Thank you to every woman who has joined us, and to our seven partner charities.</p>"
            "<p>This month: the consultation on the ten issues is open, and we have new posts "
            "from advocates and partners.</p>",
        )
    ]
    posts = list(BlogPage.objects.live().order_by("-date")[:2])
    if posts:
        body.append(("posts", {"heading": "From the blog", "posts": posts}))
    updates = list(CampaignUpdatePage.objects.live().order_by("-date")[:2])
    if updates:
        body.append(("campaign_updates", {"heading": "Campaign news", "updates": updates}))
    ballot = BallotPage.objects.live().first()
    if ballot:
        body.append(("results", {"ballot": ballot, "heading": "The consultation so far"}))
    child_page(
        index,
        NewsletterPage,
        "first-newsletter",
        title="Our first newsletter",
        intro="The consultation is open, and news from the blog.",
        body=body,
    )
    if not existed:
        stdout.write("Created the newsletter index at /newsletter/ with one newsletter.")
    return index
