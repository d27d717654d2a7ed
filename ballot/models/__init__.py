"""Ballot models, split by concern.

- ``pages``: the ballot page (what staff edit), with ``admin_form`` (its admin
  form) and ``audio`` (the recording check it shares with its options)
- ``options``: a ballot's options
- ``votes``: anonymous votes, their choices, paper batches
- ``codes``: one-time ballot codes, kept only as keyed hashes, and code quotas
- ``kiosks``: shared devices that take votes for a limited time
- ``tallies``: stored counters, so results cost the same at any number of votes
"""

from .codes import BallotCode, CodeBatch, CodeQuota
from .keying import KeyedPaper, PaperKeying, Spoilt, SpoiltPaper
from .kiosks import Kiosk
from .options import BallotOption
from .pages import BallotPage
from .tallies import PublishedTally, ResultsRelease, Tally
from .votes import PaperBatch, SubmissionToken, Vote, VoteChoice

__all__ = [
    "BallotCode",
    "BallotOption",
    "BallotPage",
    "CodeBatch",
    "CodeQuota",
    "KeyedPaper",
    "Kiosk",
    "PaperBatch",
    "PaperKeying",
    "PublishedTally",
    "ResultsRelease",
    "SpoiltPaper",
    "Spoilt",
    "SubmissionToken",
    "Tally",
    "Vote",
    "VoteChoice",
]
