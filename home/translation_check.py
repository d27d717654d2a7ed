"""Are the site's translations complete and compiled? (issue 12)

Run by ``make lint`` (``python -m home.translation_check``) and by
tests/home/test_translations.py. For every language but English it fails when:

* ``locale/<code>/LC_MESSAGES/django.po`` (templates, forms) or
  ``djangojs.po`` (static/js), or its ``.mo``, is missing;
* the ``.mo`` does not hold exactly what the ``.po`` says (edited and not
  compiled: run ``make messages``);
* an entry is fuzzy, or a placeholder such as ``%(n)s`` differs from English;
* one of the KEY_STRINGS (what a woman needs to vote, read the results,
  leave the site quickly, and fill in the public forms that ask for her
  details) is untranslated.

Other strings may stay untranslated for a while: Django shows them in English.
"""

import re
import sys
from pathlib import Path

import polib

BASE = Path(__file__).resolve().parent.parent
LANGUAGE_CODES = ["cy", "pl", "ro", "ur", "bn", "ar"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

KEY_STRINGS = [
    "Choose exactly %(n)s.",
    "Tick %(n)s boxes.",
    "Send my %(n)s choices",
    "There is a problem",
    "Ballot code (if you have one)",
    "About you (optional: skip any question)",
    "Please choose %(required)s issues, no more and no less. You chose %(chosen)s.",
    "Please choose %(required)s issues, no more and no less. You have not chosen any.",
    "Thank you for voting",
    "Results so far",
    "Final results",
    "Results: %(title)s",
    "Results will appear once at least %(k)s women have voted.",
    "Leave this site",
    "If you need help now",
    "Please give this paper back to the person who gave it to you. "
    "Your vote is anonymous: do not write your name.",
    "This code has already been used. Each code can be used once.",
    "We do not recognise that code. Please check it and try again.",
    "Languages",
    # The public forms that ask for personal data (join, share your experience,
    # contact, comments, follow by email), their errors and the links beside them.
    "Join the network",
    "Your name",
    "Your email address",
    "Enter your name.",
    "Enter your email address.",
    "Enter an email address in the right form, like name@example.com.",
    "Tick the box to agree to join. We cannot add you without it.",
    "Tick the box to show you are not a robot.",
    "There is a problem with the form",
    "Confirm you want to join",
    "Yes, I want to join",
    "What happened?",
    "Send my experience",
    "Send your message",
    "Send my comment",
    "Follow",
    "Check your email",
    "Search",
    "Privacy notice",
    "Cookies",
    "Accessibility statement",
]
# static/js: the live count of choices, read out as boxes are ticked.
JS_KEY_STRINGS = [
    "You have chosen %(chosen)s of %(required)s.",
    "That is too many: untick %(extra)s.",
    "You can send your choices now.",
]


def problems(base=BASE):
    found = []
    for code, domain in [(c, d) for c in LANGUAGE_CODES for d in ("django", "djangojs")]:
        po_path = base / "locale" / code / "LC_MESSAGES" / f"{domain}.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists() or not mo_path.exists():
            found.append(f"{code}: {po_path.name} or {mo_path.name} is missing")
            continue
        po = polib.pofile(str(po_path))
        mo = polib.mofile(str(mo_path))
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
        by_id = {}
        for entry in po:
            if entry.obsolete:
                continue
            by_id[entry.msgid] = entry
            if "fuzzy" in entry.flags:
                found.append(f"{code}: fuzzy: {entry.msgid[:60]!r}")
                continue
            if not entry.translated():
                continue
            wanted = set(PLACEHOLDER.findall(entry.msgid))
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text and set(PLACEHOLDER.findall(text)) != wanted:
                    found.append(f"{code}: placeholders differ: {entry.msgid[:60]!r}")
            got = compiled.get((entry.msgctxt, entry.msgid))
            want = (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})
            if got is None or (got[0], {int(k): v for k, v in got[1].items()}) != want:
                found.append(
                    f"{code}: .mo is older than .po (run make messages): {entry.msgid[:60]!r}"
                )
        for key in KEY_STRINGS if domain == "django" else JS_KEY_STRINGS:
            entry = by_id.get(key)
            if entry is None or not entry.translated():
                found.append(f"{code}: key ballot string not translated: {key[:60]!r}")
    return found


if __name__ == "__main__":
    listed = problems()
    for line in listed:
        print(line, file=sys.stderr)
    sys.exit(1 if listed else 0)
