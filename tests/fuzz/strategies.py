"""Hypothesis strategies for fuzzing the public forms.

Bodies mix each form's real field names with arbitrary ones; values are
plausible answers, arbitrary text (control characters and NUL included),
lists, huge strings and more fields than Django accepts. Raw bodies and
query strings are arbitrary bytes, so non-UTF-8 input reaches the parsers.
"""

from urllib.parse import quote_from_bytes, urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The example count follows the suite's Hypothesis profile (tests/conftest.py):
# 40 by default, HYPOTHESIS_PROFILE=thorough digs ten times deeper.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

TEXT = st.text(max_size=60)
HUGE = st.one_of(
    st.builds(lambda char, size: char * size, st.characters(), st.sampled_from([300, 40_000])),
    # Past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
    st.just("x" * 2_700_000),
)
# More values for one key than DATA_UPLOAD_MAX_NUMBER_FIELDS allows.
TOO_MANY = st.just(["1"] * 10_001)
CONTENT_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "multipart/form-data; boundary=xx",
        "multipart/form-data",
        "text/plain",
        "application/json",
    ]
)


def values(plausible):
    """One field's value: a list of strings (several values for one name)."""
    one = st.one_of(st.sampled_from(plausible), TEXT) if plausible else TEXT
    usual = st.lists(one, min_size=1, max_size=4)
    # Mostly ordinary values, so the form's own checks are reached; now and
    # then a huge one or far too many.
    huge = st.lists(HUGE, min_size=1, max_size=1)
    return st.integers(0, 9).flatmap(lambda n: huge if n == 0 else TOO_MANY if n == 1 else usual)


def bodies(fields):
    """A form post: ``fields`` maps real names to plausible values."""
    names = st.one_of(st.sampled_from(sorted(fields)), TEXT)
    return st.dictionaries(names, st.just(None), max_size=len(fields) + 3).flatmap(
        lambda keys: st.fixed_dictionaries({k: values(fields.get(k, [])) for k in keys})
    )


def raw_bodies(fields):
    """Bytes: arbitrary, or name=<arbitrary bytes> pairs percent-encoded."""
    pair = st.tuples(st.sampled_from(sorted(fields)), st.binary(max_size=80)).map(
        lambda kv: f"{kv[0]}={quote_from_bytes(kv[1])}"
    )
    return st.one_of(
        st.binary(max_size=2_000),
        st.lists(pair, max_size=8).map(lambda pairs: "&".join(pairs).encode()),
    )


# Query strings as the server receives them: arbitrary bytes (WSGI hands them
# over decoded as latin-1), or real-looking pairs with broken percent escapes.
QUERY_STRINGS = st.one_of(
    st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),
    st.dictionaries(
        st.sampled_from(["q", "page", "v", "ballot_thanks", "via", "next", "kiosk", "x"]),
        st.one_of(TEXT, st.binary(max_size=40).map(quote_from_bytes)),
        max_size=4,
    ).map(lambda d: urlencode(d, safe="%")),
)


def encode(body, urlencoded):
    """Arguments for Client.post: multipart (the client's default) or urlencoded."""
    if urlencoded:
        return {
            "data": urlencode(body, doseq=True),
            "content_type": "application/x-www-form-urlencoded",
        }
    return {"data": body}
