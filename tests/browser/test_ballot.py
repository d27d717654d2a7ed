"""The ballot in a real browser: with and without JavaScript, by keyboard, live results, admin."""

import re

import pytest
from playwright.sync_api import expect

from ballot.demo import DEMO_TARGET, DEMO_VOTES
from ballot.models import KeyedPaper, Vote
from tests.browser.axe import serious_violations

BALLOT = "/have-your-say/"


def choose_three_and_send(page):
    boxes = page.locator('input[name="options"]')
    for index in (0, 3, 5):
        page.locator(f'label[for="{boxes.nth(index).get_attribute("id")}"]').click()
    page.get_by_role("button", name=re.compile("Send my 3 choices")).click()


def test_vote_with_javascript(demo_site, live_server, page):
    # Someone reads the results first (that release is the demo's DEMO_VOTES votes)...
    page.goto(live_server.url + BALLOT + "results/")
    expect(page.locator("[data-results-total]")).to_contain_text(
        f"{DEMO_VOTES} of a target of {DEMO_TARGET}"
    )
    page.goto(live_server.url + BALLOT)
    count = page.locator("[data-ballot-count]")
    expect(count).to_have_text("You have chosen 0 of 3.")
    expect(count).to_have_attribute("aria-live", "polite")

    choose_three_and_send(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    # Results move in steps of K = 10: her own vote is not yet among them.
    expect(page.locator("[data-results-total]")).to_contain_text(
        f"{DEMO_VOTES} of a target of {DEMO_TARGET}"
    )
    expect(page.locator(".results__note")).to_contain_text("Updated after every 10 votes")
    assert Vote.objects.count() == DEMO_VOTES + 1


def test_listen_buttons_follow_speech_support(demo_site, live_server, page):
    # Shown only with a voice for the page's language (tests/browser/test_read_aloud.py
    # covers voices arriving late); never where the browser cannot speak at all.
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    page.goto(live_server.url + BALLOT)
    expect(page.locator("[data-listen]").first).to_be_hidden()
    expect(page.locator("[data-read-aloud]")).to_be_hidden()


def test_vote_without_javascript(demo_site, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + BALLOT)
    expect(page.locator("[data-ballot-count]")).to_be_hidden()

    boxes = page.locator('input[name="options"]')
    boxes.nth(1).check()
    boxes.nth(2).check()
    page.get_by_role("button", name=re.compile("Send my 3 choices")).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Please choose 3 issues, no more and no less. You chose 2.")
    assert Vote.objects.count() == DEMO_VOTES

    page.locator('input[name="options"]').nth(7).check()
    page.get_by_role("button", name=re.compile("Send my 3 choices")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    assert Vote.objects.count() == DEMO_VOTES + 1
    context.close()


def test_vote_with_the_keyboard_only(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    chosen = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "({name: document.activeElement.name, type: document.activeElement.type,"
            " text: document.activeElement.textContent.trim()})"
        )
        if focused["name"] == "options" and chosen < 3:
            page.keyboard.press("Space")
            chosen += 1
        elif focused["type"] == "submit" and focused["text"].startswith("Send my"):
            assert chosen == 3
            page.keyboard.press("Enter")
            break

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    assert Vote.objects.count() == DEMO_VOTES + 1


def test_live_results_block_updates_after_k_votes(demo_site, live_server, page, context):
    from ballot.models import BallotPage
    from ballot.voting import record_vote

    page.goto(live_server.url + "/")
    total = page.locator(".ballot-results [data-results-total]")
    expect(total).to_contain_text(f"{DEMO_VOTES} of a target of {DEMO_TARGET}")
    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    from django.conf import settings

    k = settings.BALLOT_RESULTS_THRESHOLD
    for _ in range(k - 1):  # K - 1 women vote elsewhere: not yet a release
        record_vote(ballot, list(ballot.options.all()[:3]), route="paper")

    voter = context.browser.new_context().new_page()
    voter.goto(live_server.url + BALLOT)
    choose_three_and_send(voter)
    expect(voter.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    # The K-th vote releases the next step of the results.
    expect(total).to_contain_text(f"{DEMO_VOTES + k} of a target of {DEMO_TARGET}", timeout=15_000)
    expect(page.locator(".ballot-results [data-results-announce]")).to_have_text(
        f"Results updated: {DEMO_VOTES + k} women have voted.", timeout=15_000
    )


@pytest.mark.parametrize(
    "path",
    [BALLOT, BALLOT + "results/", BALLOT + "thanks/", BALLOT + "?view=easy", BALLOT + "paper/"],
)
def test_ballot_pages_have_no_serious_accessibility_violations(demo_site, live_server, page, path):
    page.goto(live_server.url + path)

    assert serious_violations(page) == []


@pytest.mark.parametrize("working", [True, False])
def test_kiosk_pages_reflow_at_320px_with_no_serious_violations(
    demo_site, live_server, page, working
):
    from django.utils import timezone

    from ballot.models import BallotPage
    from tests.factories import kiosk_with_token

    kiosk, token = kiosk_with_token(
        BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    )
    if not working:
        kiosk.revoked_at = timezone.now()
        kiosk.save()
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(f"{live_server.url}{BALLOT}?kiosk={token}")

    if working:
        expect(page.get_by_text("This is a shared device")).to_be_visible()
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("This kiosk is not taking votes")
        expect(page.locator("form input[name=options]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(page) == []


def test_ballot_with_errors_has_no_serious_accessibility_violations(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    page.get_by_role("button", name=re.compile("Send my 3 choices")).click()
    expect(page.locator(".error-summary")).to_be_visible()

    assert serious_violations(page) == []


def test_print_view_is_one_page_with_tick_boxes(demo_site, live_server, page):
    page.goto(live_server.url + BALLOT)
    page.emulate_media(media="print")

    expect(page.locator(".ballot-option__image").first).to_be_hidden()
    expect(page.locator(".ballot-option__number").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_staff_edit_an_option_and_key_a_paper_ballot(
    demo_site, live_server, page, django_user_model
):
    from django.contrib.contenttypes.models import ContentType

    # Transactional flushes recreate content types; drop the stale in-process cache.
    ContentType.objects.clear_cache()
    django_user_model.objects.create_superuser("staff", "staff@example.org", "pass-word-1")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("pass-word-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    from ballot.models import BallotPage

    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    page.goto(f"{live_server.url}/admin/pages/{ballot.pk}/edit/")
    page.locator("#id_options-0-title").fill("Prison and release")
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    assert ballot.options.get(sort_order=0).title == "Prison and release"

    page.goto(live_server.url + "/admin/ballot/paperbatch/create/")
    page.locator("#id_ballot").select_option(label="Have your say")
    page.locator("#id_organisation").select_option(label="Example Women's Centre, Leeds")
    page.locator("#id_reference").fill("Leeds box 1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/enter/**")

    numbers = page.get_by_label("Numbers ticked on the paper")
    expect(numbers).to_be_focused()
    page.keyboard.type("1 4 7")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 paper keyed so far")).to_be_visible()
    expect(page.get_by_label("Numbers ticked on the paper")).to_be_focused()
    page.keyboard.type("2 3 10")
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 papers keyed so far")).to_be_visible()

    # Double keying (issue 7): papers are kept for this keying, but nothing
    # counts until a second person has keyed the batch and both agree.
    papers = KeyedPaper.objects.select_related("keying__keyed_by")
    assert papers.count() == 2
    assert {p.keying.keyed_by.username for p in papers} == {"staff"}
    assert Vote.objects.count() == DEMO_VOTES  # the demo's votes only
