"""blog.authors_categories.attach_card_people: the authors and categories of any
number of post cards in one query, the same as the posts' own relations."""

import pytest

from blog.authors_categories import BlogPageAuthor, attach_card_people
from blog.models import BlogPage
from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def make_posts(blog_index, count):
    organisation = OrganisationFactory(name="Women in Prison")
    shared = CategoryFactory(name="Zebra crossings")
    for n in range(count):
        more = [CategoryFactory(name=f"Advocacy {n}")] if n % 3 else []
        post = BlogPageFactory(parent=blog_index, slug=f"card-{n}", categories=[shared, *more])
        if n % 3 == 0:
            continue  # no authors, one category
        guest = AuthorFactory(name=f"Guest {n}", is_partner_guest=True, organisation=organisation)
        staff = AuthorFactory(name=f"Aaron {n}", role="Project Manager")
        # The byline's order is the editor's (sort_order), not the names'.
        BlogPageAuthor.objects.create(page=post, author=guest, sort_order=0)
        BlogPageAuthor.objects.create(page=post, author=staff, sort_order=1)
    return list(BlogPage.objects.child_of(blog_index).order_by("pk"))


def as_read_by_a_card(post):
    return (
        [(a.pk, a.name, a.slug, a.role_line, a.is_partner_guest) for a in post.authors()],
        post.is_guest_post(),
        [(c.pk, c.name, c.slug) for c in post.categories.all()],
    )


@pytest.mark.parametrize("count", [4, 13])
def test_one_query_for_any_number_of_cards(blog_index, count, django_assert_num_queries):
    posts = make_posts(blog_index, count)
    with django_assert_num_queries(1):
        attached = attach_card_people(posts)
    with django_assert_num_queries(0):
        read = [as_read_by_a_card(post) for post in attached]
    assert len(read) == count


def test_authors_and_categories_are_each_posts_own(blog_index):
    posts = make_posts(blog_index, 7)
    expected = [as_read_by_a_card(BlogPage.objects.get(pk=post.pk)) for post in posts]
    assert [as_read_by_a_card(post) for post in attach_card_people(posts)] == expected
    # Spot checks, so the comparison above compares something.
    without, with_people = expected[0], expected[1]
    assert without[:2] == ([], False)
    assert [name for _pk, name, _slug in without[2]] == ["Zebra crossings"]
    authors, guest, categories = with_people
    assert [name for _pk, name, *_rest in authors] == ["Guest 1", "Aaron 1"]
    assert authors[0][3] == "Advocate, Women in Prison"
    assert authors[1][3] == "Project Manager"
    assert guest is True
    assert [name for _pk, name, _slug in categories] == ["Advocacy 1", "Zebra crossings"]


def test_no_posts_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert attach_card_people([]) == []
