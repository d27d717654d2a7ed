import pytest

from tests.factories import BlogIndexPageFactory


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)
