"""Membership of the network: joining, double opt-in, leaving, and staff tools.

Models live in ``network/models_membership.py``; this package holds the rest
(forms, signed links, emails sent as tasks, public views, admin views).
"""
