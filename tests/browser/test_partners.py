"""A partner signs in, issues codes, keys a batch twice and sees the turnout move."""

import re

from playwright.sync_api import expect

from ballot.models import BallotCode, Vote

PASSWORD = "partner-pass-123"  # noqa: S105


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def key_batch(page, papers):
    for numbers in papers:
        page.get_by_label("Numbers ticked on the paper").fill(numbers)
        page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("saved")
    page.get_by_role("button", name="I have keyed every paper in this batch").click()


def test_partner_issues_codes_keys_twice_and_sees_turnout_move(
    demo_site, live_server, browser, settings
):
    from django.contrib.contenttypes.models import ContentType

    from network.models import Organisation
    from tests.factories import partner_user

    ContentType.objects.clear_cache()
    settings.BALLOT_RESULTS_THRESHOLD = 2
    wip = Organisation.objects.get(slug="women-in-prison")
    partner_user(wip, username="wip-a", password=PASSWORD)
    partner_user(wip, username="wip-b", password=PASSWORD)
    before = Vote.objects.filter(channel=wip).count()

    first = browser.new_context().new_page()
    sign_in(first, live_server, "wip-a")
    first.goto(live_server.url + "/admin/ballot/turnout/")
    expect(first.get_by_role("heading", level=1)).to_contain_text("Turnout")
    # The figures themselves (released in steps, suppressed jointly) are checked in
    # tests/ballot/test_turnout.py; here the page shows its rule for this K.
    expect(first.locator("main")).to_contain_text("updated after every 2 votes")

    # Issue codes: only Women in Prison can be chosen.
    first.goto(live_server.url + "/admin/ballot/codebatch/create/")
    assert first.locator("#id_organisation option").all_inner_texts() == ["Women in Prison"]
    first.locator("#id_ballot").select_option(label="Have your say")
    first.locator("#id_reference").fill("Wing B cards")
    first.locator("#id_size").fill("4")
    first.get_by_role("button", name="Make the codes").click()
    expect(first.locator("body")).to_contain_text(re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}"))
    assert BallotCode.objects.filter(batch__organisation=wip).count() == 4

    # A paper batch, keyed by the first person.
    first.goto(live_server.url + "/admin/ballot/paperbatch/create/")
    first.locator("#id_ballot").select_option(label="Have your say")
    first.locator("#id_reference").fill("Wing B box 1")
    first.get_by_role("button", name="Save").click()
    first.wait_for_url("**/enter/**")
    enter_url = first.url
    key_batch(first, ["1 4 7", "2 3 10"])
    expect(first.locator(".messages")).to_contain_text("A second person must now key")
    assert Vote.objects.filter(channel=wip).count() == before

    # The second person keys the same papers: the batch settles and counts.
    second = browser.new_context().new_page()
    sign_in(second, live_server, "wip-b")
    second.goto(enter_url)
    key_batch(second, ["1 4 7", "2 3 10"])
    expect(second.locator(".messages")).to_contain_text("Both keyings agree")
    assert Vote.objects.filter(channel=wip).count() == before + 2

    first.goto(live_server.url + "/admin/ballot/turnout/")
    expect(first.locator("main")).to_contain_text("Paper")
