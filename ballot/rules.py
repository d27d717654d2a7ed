"""Who may make kiosks, issue codes beyond a quota and record late paper.

One small function per action, each a question to the site's one permission
policy (``network.access``), so the views and forms of kiosks, quotas and late
paper share one answer. What the policy cannot know on its own (that a
partner's organisation must be active to open a kiosk) is added here. The
admin's row buttons ask the policy itself (``RowButton`` in
network/access_admin.py), so a rule added here and not in the policy reaches
the views but not the buttons: put who-may rules in the policy.
"""

from ballot.models import CodeBatch, CodeQuota, Kiosk, PaperBatch
from network import access


def may_see_kiosks(user):
    """The kiosk list: a partner sees their organisation's kiosks, staff every one."""
    return access.can(user, "view", Kiosk)


def may_make_kiosks(user):
    """Whether to offer "New kiosk" at all (the organisation is checked again on saving)."""
    own = access.organisation_for(user)
    return access.can(user, "add", Kiosk) and (own is None or own.active)


def may_manage_kiosk(user, organisation):
    """Make a kiosk counted for ``organisation`` (None: a kiosk run by Wish staff)."""
    kiosk = Kiosk(organisation=organisation)
    if organisation is not None and not organisation.active:
        return False
    return access.can(user, "add", kiosk)


def may_revoke_kiosk(user, kiosk):
    return access.can(user, "revoke", kiosk)


def may_issue_codes(user, organisation):
    """Ask for a batch of codes for ``organisation`` (within its quota, or to wait for approval)."""
    return access.can(user, "add", CodeBatch(organisation=organisation))


def may_approve_code_batch(user, batch=None):
    """Approve or refuse a batch beyond the quota; such a person's own batches need no approval."""
    return access.can(user, "approve", batch if batch is not None else CodeBatch)


def may_set_code_quota(user):
    return access.can(user, "change", CodeQuota)


def may_record_paper_received(user, batch=None):
    """Record when papers were received, which lets a batch count after the ballot closed."""
    return access.can(user, "receive", batch if batch is not None else PaperBatch)
