"""Code quotas: a partner issues codes up to a quota per ballot; beyond it a
consultation manager approves the batch first.

A batch beyond the quota is saved as *waiting* with no codes. Once approved,
the person who asked (or anyone issuing codes for that organisation) makes
the codes, which are then shown once, as for any batch. The quota row is
locked while a batch is weighed against it, so two batches asked for at once
cannot both slip under the quota.
"""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from wagtail.log_actions import log

from ballot import rules
from ballot.models import CodeBatch, CodeQuota

GRANTED = (CodeBatch.Status.ISSUED, CodeBatch.Status.APPROVED)


def granted(ballot, organisation):
    """Codes issued or approved for this organisation on this ballot."""
    return (
        CodeBatch.objects.filter(
            ballot=ballot, organisation=organisation, status__in=GRANTED
        ).aggregate(n=Sum("size"))["n"]
        or 0
    )


def quota_for(ballot, organisation, lock=False):
    manager = CodeQuota.objects.select_for_update() if lock else CodeQuota.objects
    quota, _ = manager.select_related("organisation").get_or_create(
        ballot=ballot, organisation=organisation
    )
    return quota


def request_codes(batch, user):
    """Save a new batch: its codes (plain text, to show once) or None when it waits."""
    with transaction.atomic():
        quota = quota_for(batch.ballot, batch.organisation, lock=True)
        within = granted(batch.ballot, batch.organisation) + batch.size <= quota.limit
        batch.created_by = user
        if within or rules.may_approve_code_batch(user, batch):
            batch.status = CodeBatch.Status.ISSUED
            batch.save()
            codes = batch.issue()
            _log_issue(batch, user)
            return codes
        batch.status = CodeBatch.Status.PENDING
        batch.save()
        log(
            batch,
            "ballot.codes.request",
            user=user,
            data={
                "size": batch.size,
                "organisation": batch.organisation.name,
                "quota": quota.limit,
            },
        )
    return None


def decide(batch, user, approve):
    """Approve or refuse a waiting batch; False if someone already decided it."""
    status = CodeBatch.Status.APPROVED if approve else CodeBatch.Status.REFUSED
    with transaction.atomic():
        updated = CodeBatch.objects.filter(pk=batch.pk, status=CodeBatch.Status.PENDING).update(
            status=status, decided_by=user, decided_at=timezone.now()
        )
        if updated:
            batch.refresh_from_db()
            log(
                batch,
                "ballot.codes.approve" if approve else "ballot.codes.refuse",
                user=user,
                data={"size": batch.size, "organisation": batch.organisation.name},
            )
    return bool(updated)


def make_approved_codes(batch, user):
    """The codes of an approved batch, made once: None if they were made already."""
    with transaction.atomic():
        updated = CodeBatch.objects.filter(pk=batch.pk, status=CodeBatch.Status.APPROVED).update(
            status=CodeBatch.Status.ISSUED
        )
        if not updated:
            return None
        codes = batch.issue()
        _log_issue(batch, user)
    return codes


def _log_issue(batch, user):
    log(
        batch,
        "ballot.codes.issue",
        user=user,
        data={"size": batch.size, "organisation": batch.organisation.name},
    )
