"""Migrations run back and forward again, with the data kept (issue 16).

Going back, Django hands each reverse function other apps' models as they stood
when that migration was first run, while those apps' later migrations may stay
applied: a reverse function that loads whole rows of another app's model asks
for columns that are gone (blog 0004 once read Organisation.promised_votes,
which network 0011 dropped). This test takes ballot and network back past the promises
migrations and forward; tests/blog/test_authors.py takes blog back to 0002.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ballot.models import CodeQuota
from network.models import Organisation
from tests.factories import BallotPageFactory, OrganisationFactory, promise


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _applied():
    executor = MigrationExecutor(connection)
    return set(executor.loader.applied_migrations)


@pytest.mark.django_db(transaction=True)
def test_promises_per_ballot_survive_going_back_past_ballot_0012_and_forward(
    wagtail_roots, home_page
):
    first = BallotPageFactory(parent=home_page, options=2)
    second = BallotPageFactory(parent=home_page, options=2)
    same = OrganisationFactory(name="Same on both")
    differs = OrganisationFactory(name="Differs")
    one_only = OrganisationFactory(name="One ballot only")
    OrganisationFactory(name="No promise")
    promise(same, first, 100)
    promise(same, second, 100)
    promise(differs, first, 40, quota=50)
    promise(differs, second, 60)
    promise(one_only, first, 25)
    before = set(
        CodeQuota.objects.values_list("ballot_id", "organisation_id", "promised_votes", "quota")
    )
    leaves = _leaves()
    try:
        old = _migrate([("ballot", "0011_guidance_site_image")])
        applied = _applied()
        assert ("ballot", "0012_ballots_promises") not in applied
        # network 0011 needs ballot 0012 (its run_before), so it went back first
        assert ("network", "0011_ballots_drop_promised_votes") not in applied
        OldOrganisation = old.get_model("network", "Organisation")
        old_promises = dict(OldOrganisation.objects.values_list("name", "promised_votes"))
    finally:
        MigrationExecutor(connection).migrate(leaves)
    # The single old number comes back only where it stood for every ballot.
    assert old_promises == {
        "Same on both": 100,
        "Differs": None,
        "One ballot only": None,
        "No promise": None,
    }
    assert set(leaves) <= _applied()
    after = set(
        CodeQuota.objects.values_list("ballot_id", "organisation_id", "promised_votes", "quota")
    )
    assert after == before
    assert not any(f.name == "promised_votes" for f in Organisation._meta.get_fields())
