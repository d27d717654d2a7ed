"""Recount every tally from the stored votes and report (and mend) any difference."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Prefetch

from ballot.models import BallotPage, Tally, Vote, VoteChoice
from ballot.voting import tally_keys, week_of


def expected_counts(ballot):
    """Every tally key, recounted vote by vote with the same ``tally_keys`` that
    ``record_vote`` uses, so the two can never disagree about what a vote moves."""
    counts = Counter()
    votes = (
        Vote.objects.filter(ballot=ballot)
        .prefetch_related(Prefetch("choices", queryset=VoteChoice.objects.only("vote", "option")))
        .iterator(chunk_size=2000)
    )
    for vote in votes:
        counts.update(
            tally_keys(
                vote.route,
                vote.channel_id,
                sorted(choice.option_id for choice in vote.choices.all()),
                vote.age_band,
                vote.region,
                vote.service_list,
                week_of(vote.created_at),
            )
        )
    counts.setdefault("voters", 0)
    return counts


class Command(BaseCommand):
    help = "Recount each ballot's tallies from the stored votes; report and correct differences."

    def add_arguments(self, parser):
        parser.add_argument("ballots", nargs="*", help="Ballot slugs (default: every ballot)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report differences without correcting them."
        )

    def handle(self, *args, ballots, dry_run, **options):
        pages = BallotPage.objects.all()
        if ballots:
            pages = pages.filter(slug__in=ballots)
            if not pages:
                raise CommandError(f"No ballot with slug {', '.join(ballots)}.")
        differences = 0
        for ballot in pages:
            with transaction.atomic():
                # Lock this ballot's tallies: votes arriving meanwhile wait, then add on top.
                stored = dict(
                    Tally.objects.select_for_update()
                    .filter(ballot=ballot)
                    .order_by("key")
                    .values_list("key", "count")
                )
                expected = expected_counts(ballot)
                for key in sorted(set(stored) | set(expected)):
                    want, have = expected.get(key, 0), stored.get(key, 0)
                    if want == have:
                        continue
                    differences += 1
                    self.stdout.write(
                        f"{ballot.slug}: {key} stored {have}, recounted {want} "
                        f"(difference {want - have:+d})"
                    )
                    if not dry_run:
                        Tally.objects.update_or_create(
                            ballot=ballot, key=key, defaults={"count": want}
                        )
            self.stdout.write(f"{ballot.slug}: {expected['voters']} votes recounted.")
        if differences:
            action = "reported" if dry_run else "corrected"
            self.stdout.write(self.style.WARNING(f"{differences} differences {action}."))
        else:
            self.stdout.write(self.style.SUCCESS("No differences: every tally matches the votes."))
