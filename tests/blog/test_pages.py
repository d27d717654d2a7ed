"""Blog pages render with their parts: authors, guest label, images, related, previous/next."""

import pytest

from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    CategoryFactory,
    ImageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_post_shows_authors_guest_label_image_and_taxonomy(client, blog_index):
    guest = AuthorFactory(
        name="Jennifer Holly",
        slug="jennifer-holly",
        role="Project Manager",
        organisation=OrganisationFactory(name="AVA", slug="ava"),
        is_partner_guest=True,
        bio="Jennifer manages projects at AVA.",
    )
    category = CategoryFactory(name="WMHN", slug="wmhn")
    post = BlogPageFactory(
        parent=blog_index,
        title="Violence against women",
        featured_image=ImageFactory(description="Women talking in a circle"),
        authors=[guest],
        categories=[category],
        tags=["domestic violence"],
        body=[{"type": "quote", "value": {"quote": "Ask about violence.", "attribution": "AVA"}}],
    )

    response = client.get(post.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Violence against women</h1>" in html
    assert '<p class="badge">Guest post</p>' in html
    assert "Project Manager, AVA" in html
    assert "Jennifer manages projects at AVA." in html
    assert 'alt="Women talking in a circle"' in html
    assert "<blockquote><p>Ask about violence.</p></blockquote>" in html
    assert 'href="/blog/?category=wmhn">WMHN</a>' in html
    assert 'href="/blog/?tag=domestic-violence">domestic violence</a>' in html
    assert 'href="/blog/?author=jennifer-holly">Jennifer Holly</a>' in html


def test_staff_author_post_is_not_labelled_guest(client, blog_index):
    post = BlogPageFactory(parent=blog_index, authors=[AuthorFactory(is_partner_guest=False)])

    html = client.get(post.url).content.decode()

    assert "Guest post" not in html


def test_previous_and_next_follow_post_dates(client, blog_index):
    import datetime

    first = BlogPageFactory(parent=blog_index, title="First", date=datetime.date(2025, 1, 1))
    middle = BlogPageFactory(parent=blog_index, title="Middle", date=datetime.date(2025, 2, 1))
    last = BlogPageFactory(parent=blog_index, title="Last", date=datetime.date(2025, 3, 1))

    html = client.get(middle.url).content.decode()

    assert f'<a href="{first.url}" rel="prev">' in html
    assert f'<a href="{last.url}" rel="next">' in html
    first_html = client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html
    assert f'<a href="{middle.url}" rel="next">' in first_html


def test_related_posts_share_a_category_or_tag(client, blog_index):
    category = CategoryFactory()
    post = BlogPageFactory(parent=blog_index, categories=[category], tags=["housing"])
    same_category = BlogPageFactory(parent=blog_index, title="Same category", categories=[category])
    same_tag = BlogPageFactory(parent=blog_index, title="Same tag", tags=["housing"])
    unrelated = BlogPageFactory(parent=blog_index, title="Unrelated", tags=["police"])

    related = post.related_posts()

    assert {p.pk for p in related} == {same_category.pk, same_tag.pk}
    html = client.get(post.url).content.decode()
    assert 'id="related-heading"' in html
    assert unrelated.title not in html


def test_draft_posts_are_not_listed_or_related(client, blog_index):
    category = CategoryFactory()
    BlogPageFactory(parent=blog_index, title="Published post", categories=[category])
    draft = BlogPageFactory(parent=blog_index, title="Secret draft", categories=[category])
    draft.unpublish()

    html = client.get(blog_index.url).content.decode()

    assert "Published post" in html
    assert "Secret draft" not in html


def test_blog_pages_link_feeds_in_head(client, blog_index):
    post = BlogPageFactory(parent=blog_index)

    for url in [blog_index.url, post.url]:
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert '<link rel="alternate" type="application/rss+xml"' in head
        assert 'href="/blog/feed/rss/"' in head
        assert 'href="/blog/feed/atom/"' in head


def test_seo_fields_and_social_image_in_head(client, blog_index):
    image = ImageFactory()
    post = BlogPageFactory(
        parent=blog_index,
        seo_title="A better title for search",
        search_description="What the post is about.",
        featured_image=image,
    )

    head = client.get(post.url).content.decode().split("</head>")[0]

    assert "<title>A better title for search |" in head
    assert '<meta name="description" content="What the post is about.">' in head
    assert '<meta property="og:image"' in head


def test_latest_posts_section_on_home_page(client, blog_index):
    for i in range(4):
        BlogPageFactory(parent=blog_index, title=f"Home post {i}")

    html = client.get("/").content.decode()

    assert "Latest from the blog" in html
    # The three newest only.
    assert "Home post 3" in html and "Home post 1" in html
    assert "Home post 0" not in html
    assert '<a href="/blog/feed/rss/">RSS</a>' in html
    assert '<a href="/blog/feed/atom/">Atom</a>' in html


def test_author_slug_is_made_from_name():
    from blog.models import Author

    first = Author.objects.create(name="Penny Bennett")
    second = Author.objects.create(name="Penny Bennett")

    assert first.slug == "penny-bennett"
    assert second.slug == "penny-bennett-2"


def test_pages_showing_a_post_are_its_neighbours_and_posts_sharing_a_topic(blog_index):
    """What the CDN purges with a post (ops/signals.py)."""
    import datetime

    topic = CategoryFactory()

    def post(title, day, **kwargs):
        return BlogPageFactory(
            parent=blog_index, title=title, date=datetime.date(2025, 1, day), **kwargs
        )

    post("Far older", 1)
    same_topic = post("Same topic", 2, categories=[topic])
    older = post("Older", 3)
    middle = post("Middle", 4, categories=[topic], tags=["housing"])
    newer = post("Newer", 5)
    same_tag = post("Same tag", 6, tags=["housing"])
    post("Far newer, no topic", 7)

    showing = {p.title for p in middle.pages_showing_it()}

    assert showing == {older.title, newer.title, same_topic.title, same_tag.title}
