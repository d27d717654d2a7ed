"""What a bench run loads and measures in its own process, through the ORM:
posts and votes seeded in bulk, the pages issue 15 names and the queries each
makes, and the uncached cost of building the results."""

import time

from bench.conf import HOST


def seed_posts(total):
    """Posts like the demo's (author, category, tag, picture), so a page of the
    index costs the same whichever posts are on it."""
    from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor

    index = BlogIndexPage.objects.live().first()
    model = BlogPage.objects.live().exclude(featured_image=None).first()
    author = model.post_authors.first().author
    category = model.categories.first()
    have = BlogPage.objects.count()
    for n in range(have, total):
        post = BlogPage(
            title=f"Bench post {n}",
            slug=f"bench-post-{n}",
            intro="A post made by the benchmark to fill the blog index.",
            featured_image=model.featured_image,
            featured_image_alt="A demo picture",
        )
        index.add_child(instance=post)
        BlogPageAuthor.objects.create(page=post, author=author)
        post.categories.add(category)
        post.tags.add("bench")
        post.save()


def seed_votes(total):
    """Votes in bulk (PostgreSQL's COPY, batched inserts on SQLite) with their
    tallies added up here from the same ``tally_keys`` a real vote moves, then
    released: 500,000 votes load in about a minute, not the half hour that
    one ORM object per row and a vote-by-vote recount took."""
    import random
    import uuid
    from collections import Counter

    from django.db import connection, transaction

    from ballot.models import BallotPage, Tally, Vote, VoteChoice
    from ballot.models.votes import vote_time
    from ballot.release import release
    from ballot.voting import tally_keys, week_of
    from network.models import Organisation

    ballot = BallotPage.objects.live().order_by("pk").first()
    options = list(ballot.options.filter(hidden=False).values_list("pk", flat=True))
    channels = [None, *Organisation.objects.values_list("pk", flat=True)[:20]]
    rng = random.Random(7)
    have = Vote.objects.filter(ballot=ballot).count()
    created_at = vote_time()
    week = week_of(created_at)
    batch = 50_000
    while have < total:
        size = min(batch, total - have)
        votes, choices, counts = [], [], Counter()
        for _ in range(size):
            vote_id = uuid.uuid4()
            route = rng.choice(["online", "online", "code", "paper"])
            channel = rng.choice(channels)
            chosen = sorted(rng.sample(options, 3))
            votes.append((vote_id, ballot.pk, created_at, route, channel))
            choices += [(uuid.uuid4(), vote_id, option) for option in chosen]
            counts.update(tally_keys(route, channel, chosen, week=week))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy_votes(connection, votes, choices)
            else:
                Vote.objects.bulk_create(
                    (
                        Vote(id=v, ballot_id=b, created_at=t, route=r, channel_id=c)
                        for v, b, t, r, c in votes
                    ),
                    batch_size=2000,
                )
                VoteChoice.objects.bulk_create(
                    (VoteChoice(id=i, vote_id=v, option_id=o) for i, v, o in choices),
                    batch_size=2000,
                )
            stored = {t.key: t for t in Tally.objects.select_for_update().filter(ballot=ballot)}
            changed, created = [], []
            for key, count in counts.items():
                if key in stored:
                    stored[key].count += count
                    changed.append(stored[key])
                else:
                    created.append(Tally(ballot=ballot, key=key, count=count))
            Tally.objects.bulk_update(changed, ["count"], batch_size=500)
            Tally.objects.bulk_create(created, batch_size=500)
        have += size
    release(ballot)
    return ballot


def _copy_votes(connection, votes, choices):
    """COPY the rows in (psycopg 3), the fastest way PostgreSQL takes them."""
    from ballot.models import Vote, VoteChoice

    vote_table, choice_table = Vote._meta.db_table, VoteChoice._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f'COPY "{vote_table}" (id, ballot_id, created_at, route, channel_id, '
            "age_band, region, services) FROM STDIN"
        ) as copy:
            for vote_id, ballot_id, created_at, route, channel in votes:
                copy.write_row((vote_id, ballot_id, created_at, route, channel, "", "", ""))
        with raw.copy(f'COPY "{choice_table}" (id, vote_id, option_id) FROM STDIN') as copy:
            for row in choices:
                copy.write_row(row)


def settle_database():
    """Vacuum after the bulk load, as a real database would have been long
    before a launch: otherwise autovacuum steals the CPU mid-measurement."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")


def page_paths():
    """The English (default locale) pages issue 15's query goal names."""
    from wagtail.models import Locale

    from ballot.models import BallotPage
    from blog.models import BlogIndexPage, BlogPage
    from home.models import HomePage
    from network.models import CampaignPage, PartnerPage

    locale = Locale.get_default()

    def first(model, *order):
        return model.objects.live().filter(locale=locale).order_by(*(order or ["pk"])).first().url

    return {
        "home": first(HomePage),
        "blog post": first(BlogPage, "-date", "-pk"),
        "blog index": first(BlogIndexPage),
        "campaign": first(CampaignPage),
        "partner": first(PartnerPage),
        "ballot": first(BallotPage),
    }


def page_queries(paths):
    """Queries each page makes for an anonymous visitor with the page cache
    off (fragments rendered too), after one warming request."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for label, path in paths.items():
            client = Client(HTTP_HOST=HOST)
            client.get(path)  # warm per-process caches (site root paths)
            client.cookies.clear()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[label] = len(ctx.captured_queries)
    return counts


def results_compute_seconds(ballot, repeat=50):
    """Uncached cost of building the results, for the report (not the goal)."""
    from ballot.results import compute_results

    start = time.perf_counter()
    for _ in range(repeat):
        compute_results(ballot)
    return (time.perf_counter() - start) / repeat
