"""Per-address limits on votes and codes hold when requests arrive together.

Real threads against real transactions (transactional tests, as in
test_concurrency.py), each thread a new browser with no cookies, all from
one address. On SQLite the counters are in local memory; with
DATABASE_URL=postgres://... and REDIS_URL=redis://... they are in Redis,
as in production.
"""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

from django.db import connections
from django.test import Client, override_settings

from ballot.models import BallotCode, CodeBatch, Vote
from ballot.voting import (
    ADDRESS_SLOW_DOWN,
    IP_LIMIT_REACHED,
    SESSION_SLOW_DOWN,
    UNKNOWN_CODE,
    UNKNOWN_CODE_BUSY,
)
from tests.ballot.test_concurrency import body, live_ballot  # noqa: F401
from tests.factories import OrganisationFactory

WRONG = "ACDE-FGHJ"


def post_all(bodies, threads, cookies=None):
    """Post each body at once from its own browser (``cookies`` to share one session)."""
    start = threading.Barrier(min(threads, len(bodies)))

    def post(data):
        try:
            client = Client()
            if cookies is not None:
                client.cookies = SimpleCookie(cookies.output(header="", sep=";"))
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            response = client.post("/have-your-say/", data)
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(post, bodies))


def count_messages(replies, *messages):
    return [sum(1 for _, html in replies if str(message) in html) for message in messages]


@override_settings(BALLOT_IP_LIMIT=20)
def test_forty_parallel_votes_from_one_address_accept_only_the_limit(live_ballot):  # noqa: F811
    replies = post_all([body(live_ballot, i) for i in range(40)], threads=40)

    statuses = [status for status, _ in replies]
    assert statuses.count(303) == 20
    assert statuses.count(200) == 20
    assert count_messages(replies, IP_LIMIT_REACHED) == [20]
    assert Vote.objects.count() == 20


@override_settings(
    BALLOT_IP_LIMIT=0,
    BALLOT_WRONG_CODE_IP_LIMIT="10/h",
    BALLOT_WRONG_CODE_IP_CEILING="20/h",
)
def test_forty_parallel_wrong_codes_from_one_address_check_only_the_limit(live_ballot):  # noqa: F811
    replies = post_all([body(live_ballot, i, code=WRONG) for i in range(40)], threads=40)

    plain, busy, refused = count_messages(
        replies, UNKNOWN_CODE, UNKNOWN_CODE_BUSY, ADDRESS_SLOW_DOWN
    )
    # Each browser is new, so only the address limits apply: 10 wrong codes
    # are answered plainly, 10 more firmly, and the other 20 are not looked up.
    assert (plain, busy, refused) == (10, 10, 20)
    assert all(status == 200 for status, _ in replies)
    assert Vote.objects.count() == 0


@override_settings(BALLOT_IP_LIMIT=0, BALLOT_WRONG_CODE_LIMIT="5/10m")
def test_parallel_wrong_codes_in_one_session_check_only_its_limit(live_ballot):  # noqa: F811
    browser = Client()
    browser.post("/have-your-say/", body(live_ballot, 0, code=WRONG))  # gives it a session

    replies = post_all(
        [body(live_ballot, i, code=WRONG) for i in range(20)], threads=20, cookies=browser.cookies
    )

    (refused,) = count_messages(replies, SESSION_SLOW_DOWN)
    assert refused == 16  # 5 allowed in the session, one of them used above


@override_settings(
    BALLOT_IP_LIMIT=0, BALLOT_WRONG_CODE_IP_LIMIT="10/h", BALLOT_WRONG_CODE_IP_CEILING="200/h"
)
def test_a_right_code_is_accepted_from_an_address_locked_by_other_peoples_wrong_codes(
    live_ballot,  # noqa: F811
):
    batch = CodeBatch.objects.create(ballot=live_ballot, organisation=OrganisationFactory(), size=1)
    (code,) = batch.issue()
    others = post_all([body(live_ballot, i, code=WRONG) for i in range(15)], threads=15)
    assert count_messages(others, UNKNOWN_CODE_BUSY) == [5]

    ((status, html),) = post_all([body(live_ballot, 99, code=code)], threads=1)

    assert status == 303, html
    assert BallotCode.objects.filter(used=True).count() == 1
    assert Vote.objects.get().route == "code"


@override_settings(
    BALLOT_IP_LIMIT=0, BALLOT_WRONG_CODE_IP_LIMIT="10/h", BALLOT_WRONG_CODE_IP_CEILING="12/h"
)
def test_right_codes_do_not_use_up_the_address_limits(live_ballot):  # noqa: F811
    """A partner's room full of women with real codes never reaches the ceiling."""
    batch = CodeBatch.objects.create(
        ballot=live_ballot, organisation=OrganisationFactory(), size=30
    )
    codes = batch.issue()

    replies = post_all([body(live_ballot, i, code=c) for i, c in enumerate(codes)], threads=10)

    assert [status for status, _ in replies] == [303] * 30
    assert Vote.objects.count() == 30


DOWN = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}


def test_votes_and_codes_still_work_when_the_limit_cache_is_down(ballot, settings):
    """Redis unreachable: no 500; the limits hold per process instead."""
    from home import ratelimit
    from tests.ballot.conftest import page_errors, vote_data

    settings.CACHES = {**settings.CACHES, "down": DOWN}
    settings.RATE_LIMIT_CACHE = "down"
    settings.BALLOT_IP_LIMIT = 1
    ratelimit._local.counts.clear()

    first = Client().post("/have-your-say/", vote_data(ballot))
    second = Client().post("/have-your-say/", vote_data(ballot))
    wrong = Client().post("/have-your-say/", vote_data(ballot, code=WRONG))

    assert first.status_code == 303
    assert second.status_code == 200
    assert IP_LIMIT_REACHED in page_errors(second)
    assert wrong.status_code == 200
    assert UNKNOWN_CODE in page_errors(wrong)
    assert Vote.objects.count() == 1
