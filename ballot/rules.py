"""Who may make kiosks, issue codes beyond a quota and record late paper.

One small function per action, so that each decision is made in one place
and can be handed to the site's single permission policy
(``network.access``) without touching the views. Partner users act only for
their own organisation; Wish staff act through model permissions (the
*Consultation manager* role holds them; a superuser holds every one).
"""

from ballot.partners import organisation_for


def _own(user, organisation):
    own = organisation_for(user)
    return own is not None and organisation is not None and own.pk == organisation.pk


def _staff(user, perm):
    return organisation_for(user) is None and user.has_perm(perm)


def may_see_kiosks(user):
    """The kiosk list: a partner sees their organisation's kiosks, staff every one."""
    return organisation_for(user) is not None or _staff(user, "ballot.view_kiosk")


def may_manage_kiosk(user, organisation):
    """Make a kiosk counted for ``organisation`` (None: a kiosk run by Wish staff)."""
    if organisation_for(user) is not None:
        return _own(user, organisation) and organisation.active
    return _staff(user, "ballot.add_kiosk")


def may_revoke_kiosk(user, kiosk):
    if organisation_for(user) is not None:
        return _own(user, kiosk.organisation)
    return _staff(user, "ballot.change_kiosk")


def may_issue_codes(user, organisation):
    """Ask for a batch of codes for ``organisation`` (within its quota, or to wait for approval)."""
    if organisation_for(user) is not None:
        return _own(user, organisation)
    return _staff(user, "ballot.add_codebatch")


def may_approve_code_batch(user, batch=None):
    """Approve or refuse a batch beyond the quota; such a person's own batches need no approval."""
    return _staff(user, "ballot.change_codebatch")


def may_set_code_quota(user):
    return _staff(user, "ballot.change_codequota")


def may_record_paper_received(user, organisation=None):
    """Record when papers were received, which lets a batch count after the ballot closed."""
    return _staff(user, "ballot.change_paperbatch")


def may_make_kiosks(user):
    """Whether to offer "New kiosk" at all (the organisation is checked again on saving)."""
    own = organisation_for(user)
    if own is not None:
        return own.active
    return _staff(user, "ballot.add_kiosk")
