"""Ballot models, split by concern.

- ``pages``: the ballot page and its options (what staff edit)
- ``votes``: anonymous votes, their choices, paper batches and entries
- ``codes``: one-time ballot codes, kept only as keyed hashes
- ``tallies``: stored counters, so results cost the same at any number of votes
"""

from .codes import BallotCode, CodeBatch, CodeUse
from .keying import KeyedPaper, PaperKeying, Spoilt, SpoiltPaper
from .pages import BallotOption, BallotPage
from .tallies import PublishedTally, ResultsRelease, Tally
from .votes import PaperBatch, PaperEntry, SubmissionToken, Vote, VoteChoice

__all__ = [
    "BallotCode",
    "BallotOption",
    "BallotPage",
    "CodeBatch",
    "CodeUse",
    "KeyedPaper",
    "PaperBatch",
    "PaperEntry",
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
