"""Ballot models, split by concern.

- ``pages``: the ballot page and its options (what staff edit)
- ``votes``: anonymous votes, their choices, paper batches
- ``codes``: one-time ballot codes, kept only as keyed hashes, and code quotas
- ``kiosks``: shared devices that take votes for a limited time
- ``tallies``: stored counters, so results cost the same at any number of votes
"""

from .codes import BallotCode, CodeBatch, CodeQuota
from .keying import KeyedPaper, PaperKeying, Spoilt, SpoiltPaper
from .kiosks import Kiosk
from .pages import BallotOption, BallotPage
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
