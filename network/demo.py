"""Demo content for the network app.

Membership's loader lives in its own module; partners and campaigns add
theirs alongside it.
"""

from . import demo_membership


def load(stdout):
    demo_membership.load(stdout)
