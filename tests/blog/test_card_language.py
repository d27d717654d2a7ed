"""A post card's byline and categories speak the page's language."""

from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory


def card(post, language):
    with translation.override(language):
        return render_to_string("blog/includes/post_card.html", {"post": post, "heading_level": 3})


def test_the_card_says_by_and_filed_under_in_welsh(blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        categories=[CategoryFactory(name="Housing")],
        authors=[AuthorFactory(name="Amina Khan")],
    )
    english, welsh = card(post, "en-gb"), card(post, "cy")
    assert " by Amina Khan" in " ".join(english.split())
    assert "Filed under Housing" in " ".join(english.split())
    assert "gan Amina Khan" in " ".join(welsh.split())
    assert "Categorïau: Housing" in " ".join(welsh.split())
    assert "Filed under" not in welsh


def test_the_older_and_newer_links_are_named_in_welsh(blog_index):
    older = BlogPageFactory(parent=blog_index, title="First")

    def nav(language):
        with translation.override(language):
            html = render_to_string("blog/includes/post_nav.html", {"previous_post": older})
        return " ".join(html.split())

    assert 'aria-label="More posts"' in nav("en-gb")
    welsh = nav("cy")
    assert 'aria-label="Rhagor o flogiadau"' in welsh
    assert "Blogiad hŷn" in welsh
