"""Issue 12, item 2: every ballot text a woman reads has a reading age of 9 or less.

The measure is the Flesch–Kincaid grade (ballot/readability.py); reading age =
grade + 5, so the goal is grade ≤ 4. The texts are read from the demo ballot as
it is rendered (standard and easy-read views), and from the form's own messages.
"""

import re
from html.parser import HTMLParser

import pytest

from ballot import forms as ballot_forms
from ballot import voting
from ballot.readability import MAX_GRADE, counts, fk_grade, reading_age, syllables


@pytest.mark.parametrize(
    "word,expected",
    [
        ("cat", 1),
        ("table", 2),
        ("police", 2),
        ("hospital", 3),
        ("women", 2),
        ("believed", 2),
        ("every", 3),
        ("counselling", 3),
        ("anonymous", 4),
        ("5,000", 2),
    ],
)
def test_syllables(word, expected):
    assert syllables(word) == expected


def test_grade_of_known_sentences():
    # 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8 - 15.59
    assert fk_grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.01)
    assert counts("One. Two words!\nA line") == (3, 5, 5)
    hard = (
        "Notwithstanding considerable organisational heterogeneity, practitioners "
        "demonstrated institutional responsiveness."
    )
    assert fk_grade(hard) > 12
    assert reading_age("The cat sat on the mat.") == pytest.approx(3.55, abs=0.01)


class TextsByMark(HTMLParser):
    """Text inside elements carrying data-read="<kind>" (what read-aloud reads too)."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br" and any(self.stack):
            self.texts[-1][1] += "\n"
        if tag in {"br", "img", "input", "meta", "link", "source"}:
            return
        self.stack.append(attrs.get("data-read"))
        if attrs.get("data-read"):
            self.texts.append([attrs["data-read"], ""])

    def handle_endtag(self, tag):
        if tag in {"br", "img", "input", "meta", "link", "source"}:
            return
        if self.stack:
            self.stack.pop()
        if any(self.stack):
            # a line, heading or list item inside a marked text ends a sentence
            self.texts[-1][1] += "\n"

    def handle_data(self, data):
        if any(self.stack):
            # the innermost marked element owns the text
            self.texts[-1][1] += data


def marked_texts(html):
    parser = TextsByMark()
    parser.feed(html)
    return [
        (kind, "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()))
        for kind, text in parser.texts
        if text.strip()
    ]


def passage_grades(texts):
    return {text: round(fk_grade(text), 1) for _kind, text in texts}


def assert_readable(texts):
    # Campaign titles ("Counselling, advocacy and support") are the names the focus
    # groups gave the issues: read aloud, but measured through the plain title and
    # text shown with each ("Someone to talk to").
    texts = [(kind, text) for kind, text in texts if kind != "title"]
    grades = passage_grades(texts)
    too_hard = {text: grade for text, grade in grades.items() if grade > MAX_GRADE}
    assert not too_hard, f"reading age over {MAX_GRADE + 5}: {too_hard}"


@pytest.fixture
def demo_ballot(demo):
    return "/have-your-say/"


def test_demo_ballot_texts_have_reading_age_9_or_less(client, demo_ballot):
    html = client.get(demo_ballot).content.decode()
    texts = marked_texts(html)
    kinds = {kind for kind, _ in texts}
    # Everything read aloud is measured: intro, question, options, instructions, button.
    assert {"intro", "question", "instructions", "option", "button"} <= kinds
    assert len([k for k, _ in texts if k == "option"]) == 10
    assert_readable(texts)
    # and the ballot as one text
    assert fk_grade("\n".join(t for k, t in texts if k != "title")) <= MAX_GRADE


def test_demo_easy_read_view_texts_have_reading_age_9_or_less(client, demo_ballot):
    html = client.get(demo_ballot + "?view=easy").content.decode()
    texts = marked_texts(html)
    assert {"intro", "question", "instructions", "option", "button"} <= {k for k, _ in texts}
    assert_readable(texts)


def test_error_messages_shown_on_the_ballot_have_reading_age_9_or_less(client, demo_ballot):
    # What a woman sees when she chooses too few, and when her code is wrong.
    page = client.get(demo_ballot).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    html = client.post(
        demo_ballot, {"form_token": token, "options": [], "code": "NOPE"}
    ).content.decode()
    errors = [t for t in marked_texts(html) if t[0] == "error"]
    assert errors, "the error summary is marked for reading aloud"
    assert_readable(errors)


def test_voting_form_messages_have_reading_age_9_or_less():
    messages = [
        ballot_forms.FORGED,
        ballot_forms.NOT_ON_LIST,
        ballot_forms.JUST_VOTED,
        ballot_forms.CAPTCHA_UNAVAILABLE,
        voting.CODE_USED,
        "Please choose 3 issues, no more and no less. You have not chosen any.",
        "Please choose 3 issues, no more and no less. You chose 2.",
        "That does not look like a ballot code. Codes have 8 letters and numbers, like ACDE-3479.",
    ]
    assert_readable([("error", str(m)) for m in messages])
