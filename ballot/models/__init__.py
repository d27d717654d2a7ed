"""Ballot models, split by concern.

- ``pages``: the ballot page and its options (what staff edit)
- ``votes``: anonymous votes, their choices, form tokens and paper batches
- ``codes``: one-time ballot codes, kept only as keyed hashes
- ``tallies``: stored counters, so results cost the same at any number of votes
"""

from .codes import BallotCode, CodeBatch
from .keying import KeyedPaper, PaperKeying, Spoilt, SpoiltPaper
from .pages import BallotOption, BallotPage
from .tallies import Tally
from .votes import PaperBatch, SubmissionToken, Vote, VoteChoice

__all__ = [
    "BallotCode",
    "BallotOption",
    "BallotPage",
    "CodeBatch",
    "KeyedPaper",
    "PaperBatch",
    "PaperKeying",
    "SpoiltPaper",
    "Spoilt",
    "SubmissionToken",
    "Tally",
    "Vote",
    "VoteChoice",
]
