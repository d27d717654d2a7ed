"""Recount every tally from the stored votes and report (and mend) any difference."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from ballot.models import BallotPage, Tally, Vote, VoteChoice


def expected_counts(ballot):
    votes = Vote.objects.filter(ballot=ballot)
    counts = Counter({"voters": votes.count()})
    for route, n in votes.values_list("route").annotate(n=Count("pk")).order_by():
        counts[f"route:{route}"] += n
    for channel, n in votes.values_list("channel_id").annotate(n=Count("pk")).order_by():
        counts[f"channel:{channel or '-'}"] += n
    for field, prefix in (("age_band", "age"), ("region", "region")):
        answered = votes.exclude(**{field: ""}).values_list(field)
        for value, n in answered.annotate(n=Count("pk")).order_by():
            counts[f"{prefix}:{value}"] += n
    for services in votes.exclude(services="").values_list("services", flat=True).iterator():
        for service in services.split(","):
            counts[f"service:{service}"] += 1
    choices = VoteChoice.objects.filter(vote__ballot=ballot)
    for option, n in choices.values_list("option_id").annotate(n=Count("pk")).order_by():
        counts[f"option:{option}"] += n
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
