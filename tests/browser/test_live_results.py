"""Issue 12, item 5: calm live results (WCAG 2.2.2 and 4.1.3).

Time is Playwright's clock, so five minutes of updates take seconds. results.json
is the real one, with each answer moved on by 10 voters (a release of K = 10), so
every refresh brings a change.
"""

import re

import pytest
from playwright.sync_api import expect

RESULTS = "/have-your-say/results/"

WATCH = """
window.__announced = [];
window.__moves = 0;
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-results-announce]").forEach((region) => {
    new MutationObserver(() => {
      const text = region.textContent;
      if (text) { window.__announced.push({t: Date.now(), text: text}); }
    }).observe(region, {childList: true, characterData: true, subtree: true});
  });
  document.querySelectorAll("[data-results-list]").forEach((list) => {
    new MutationObserver((records) => {
      records.forEach((r) => { window.__moves += r.addedNodes.length; });
    }).observe(list, {childList: true});
  });
});
"""


@pytest.fixture
def moving_results(page):
    """Each results.json answer: the real one plus 10 more voters per call so far."""
    calls = {"n": 0, "swap": False}

    def handle(route):
        response = route.fetch()
        data = response.json()
        calls["n"] += 1
        data["total_voters"] += 10 * calls["n"]
        for option in data["options"]:
            option["votes"] += calls["n"]
        if calls["swap"]:
            first, second = data["options"][0], data["options"][1]
            first["rank"], second["rank"] = 2, 1
            data["options"][0], data["options"][1] = second, first
        route.fulfill(response=response, json=data)

    page.route(re.compile(r".*/results\.json$"), handle)
    page.clock.install()
    page.add_init_script(WATCH)
    return calls


def test_block_updates_only_what_changed_and_announces_at_most_once_a_minute(
    demo_site, live_server, page, moving_results
):
    page.goto(live_server.url + "/")
    block = page.locator(".ballot-results")
    total = block.locator("[data-results-total]")
    expect(total).to_have_attribute("data-results-total", "120")
    first_value = block.locator("[data-results-value]").first
    before = first_value.text_content()

    for step in range(1, 31):  # five minutes, a refresh every 10 s
        page.clock.run_for(10_000)
        expect(total).to_have_attribute("data-results-total", str(120 + 10 * step))
    expect(total).to_contain_text("420 of a target of 5000 women have voted")
    assert first_value.text_content() != before  # the numbers did change in place

    said = page.evaluate("window.__announced")
    times = [entry["t"] for entry in said]
    assert 4 <= len(said) <= 6, said  # 30 changes in 5 minutes: one summary a minute
    # A minute apart. The clock also runs in real time between steps, and each time is
    # read by a MutationObserver a moment after the script's own, so allow one second.
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert all(gap >= 59_000 for gap in gaps), gaps
    assert all(re.fullmatch(r"Results updated: \d+ women have voted\.", s["text"]) for s in said)
    # The ranking never changed, so no option was moved or re-inserted.
    assert page.evaluate("window.__moves") == 0

    # One swap of places moves one item, not all ten.
    moving_results["swap"] = True
    page.clock.run_for(10_000)
    expect(total).to_have_attribute("data-results-total", "430")
    assert page.evaluate("window.__moves") == 1

    # Pause stops updates: no request, nothing changes, nothing is said.
    pause = block.get_by_role("button", name="Pause live updates")
    expect(pause).to_be_visible()
    pause.click()
    calls, spoken = moving_results["n"], len(page.evaluate("window.__announced"))
    page.clock.run_for(180_000)
    page.wait_for_timeout(300)
    assert moving_results["n"] == calls
    expect(total).to_have_attribute("data-results-total", "430")
    assert len(page.evaluate("window.__announced")) == spoken

    # Resume fetches at once and goes on.
    block.get_by_role("button", name="Resume live updates").click()
    expect(total).to_have_attribute("data-results-total", str(120 + 10 * (calls + 1)))
    expect(block.get_by_role("button", name="Pause live updates")).to_be_visible()


def test_results_page_does_not_refresh_until_asked(demo_site, live_server, page, moving_results):
    page.goto(live_server.url + RESULTS)
    total = page.locator("[data-results-total]")
    start = page.get_by_role("button", name="Start live updates")
    expect(start).to_be_visible()

    page.clock.run_for(120_000)
    page.wait_for_timeout(300)
    assert moving_results["n"] == 0
    expect(total).to_have_attribute("data-results-total", "120")

    # "Refresh results" fetches once, in place (no reload).
    page.get_by_role("link", name="Refresh results").click()
    expect(total).to_have_attribute("data-results-total", "130")
    assert page.url == live_server.url + RESULTS
    expect(page.locator("[data-results-announce]")).to_have_text(
        "Results updated: 130 women have voted."
    )
    page.clock.run_for(60_000)
    assert moving_results["n"] == 1

    start.click()
    expect(total).to_have_attribute("data-results-total", "140")
    page.clock.run_for(10_000)
    expect(total).to_have_attribute("data-results-total", "150")


def test_without_javascript_a_plain_link_refreshes(demo_site, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + RESULTS)
    expect(page.locator("[data-results-pause]")).to_be_hidden()
    link = page.get_by_role("link", name="Refresh results")
    assert link.get_attribute("href") == RESULTS
    link.click()
    expect(page.locator("[data-results-total]")).to_contain_text("120 of a target of 5000")
    context.close()
