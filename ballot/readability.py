"""How hard a ballot text is to read: the Flesch–Kincaid grade, in a few lines.

Why our own small function and not a library: the formula is three counts and
one line of arithmetic, and the one library that does it well (textstat) brings
hyphenation dictionaries for a number we only check in tests and show to staff.
The syllable count is the usual vowel-group rule; it is checked against words
in tests/ballot/test_readability.py.

Grade to reading age: a US school grade is reached at about 5 years more than
the grade number (grade 4 ≈ age 9–10), so ``reading_age = grade + 5``. The
ballot aims at a reading age of 9 or less: grade 4 or less. The formula is
English-only; other languages are checked by native speakers.
"""

import re

MAX_GRADE = 4  # reading age 9: the ballot's goal (issue 12)
READING_AGE_OFFSET = 5

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'&-]*")
SENTENCE_END = re.compile(r"[.!?]+|\n+")
NUMBER = re.compile(r"^[0-9][0-9,.]*$")


def syllables(word):
    """Syllables in one English word, by the vowel-group rule (good to about ±1)."""
    if NUMBER.match(word):
        return 2  # "5,000" is read "five thousand", "3" is "three": call it two
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def counts(text):
    """(sentences, words, syllables) of a text; a line without a full stop is a sentence."""
    pieces = [p for p in SENTENCE_END.split(text) if WORD.search(p)]
    words = WORD.findall(text)
    return max(1, len(pieces)), len(words), sum(syllables(w) for w in words)


def fk_grade(text):
    """Flesch–Kincaid grade: 0.39 × words/sentence + 11.8 × syllables/word − 15.59."""
    sentences, words, syl = counts(text)
    if not words:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syl / words - 15.59


def reading_age(text):
    return fk_grade(text) + READING_AGE_OFFSET
