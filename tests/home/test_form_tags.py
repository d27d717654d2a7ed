"""``{% hidden_fields form %}`` renders each visitor's own parts of a form: the
CSRF token and the form's HiddenInput fields, nothing else."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory


class SampleForm(forms.Form):
    name = forms.CharField()
    token = forms.CharField(widget=forms.HiddenInput)
    back = forms.CharField(widget=forms.HiddenInput, required=False)


class LooksHidden(forms.Widget):
    """Like a reCAPTCHA widget: calls itself hidden but is no HiddenInput."""

    input_type = "hidden"

    def render(self, name, value, attrs=None, renderer=None):
        return "<div class=captcha></div>"


def render(form, request=None):
    template = Template("{% load form_tags %}{% hidden_fields form %}")
    return template.render(Context({"form": form, "request": request}))


def test_csrf_token_and_hidden_fields_only():
    request = RequestFactory().get("/")
    form = SampleForm(initial={"token": "abc<>", "back": "/here/"})

    html = render(form, request)

    assert 'name="csrfmiddlewaretoken" value="' in html
    assert 'name="token" value="abc&lt;&gt;"' in html
    assert 'name="back" value="/here/"' in html
    assert 'name="name"' not in html


def test_each_request_gets_its_own_csrf_token():
    form = SampleForm()

    one = render(form, RequestFactory().get("/"))
    two = render(form, RequestFactory().get("/"))

    assert one != two


def test_without_a_request_only_the_hidden_fields():
    html = render(SampleForm(initial={"token": "abc"}))

    assert "csrfmiddlewaretoken" not in html
    assert 'name="token" value="abc"' in html


def test_a_widget_that_only_calls_itself_hidden_is_left_to_the_form():
    form = SampleForm()
    form.fields["captcha"] = forms.CharField(widget=LooksHidden())

    assert "captcha" not in render(form, RequestFactory().get("/"))


@pytest.mark.django_db
def test_the_ballot_form_sends_one_csrf_token_and_its_hidden_fields(client, home_page):
    from tests.factories import BallotPageFactory

    BallotPageFactory(parent=home_page, slug="have-your-say", title="Have your say")

    html = client.get("/have-your-say/").content.decode()

    assert html.count('name="csrfmiddlewaretoken"') == 1
    for name in ("form_token", "via", "kiosk", "next"):
        assert html.count(f'name="{name}"') == 1, name


@pytest.mark.parametrize("value", [None, "", "plain", 'quote" <tag> & amp', 7])
def test_a_hidden_input_is_written_as_django_writes_it(value):
    from home.templatetags.form_tags import _hidden_input

    bound = SampleForm(initial={"token": value})["token"]
    posted = SampleForm(data={"name": "x", "token": "" if value is None else value})["token"]
    unnamed = SampleForm(initial={"token": value}, auto_id=False)["token"]

    assert _hidden_input(bound) == str(bound)
    assert _hidden_input(posted) == str(posted)
    assert _hidden_input(unnamed) == str(unnamed)
