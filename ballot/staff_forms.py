"""The forms staff and partners fill in the admin: a paper ballot keyed, the papers
two keyings disagree on settled, a batch of codes made. Every rule lives in
``clean()``; the option and "about you" fields are the voting form's
(``ballot/forms.py``), so a paper is checked as a vote online is.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ballot.forms import AboutYouMixin, OptionsMixin, choice_messages
from ballot.models import CodeBatch, Spoilt
from network.models import Organisation


class PaperEntryForm(OptionsMixin, AboutYouMixin, forms.Form):
    """One paper ballot, keyed fast: type the ticked numbers, e.g. '1 4 7', then Enter.

    A spoilt paper (too many ticks, none, unreadable) is keyed as spoilt, not skipped.
    """

    numbers = forms.CharField(
        label="Numbers ticked on the paper",
        max_length=60,
        required=False,
        help_text="Type the numbers of the ticked boxes with spaces between, e.g. 1 4 7.",
    )
    spoilt = forms.ChoiceField(
        label="Or, if the paper is spoilt, why",
        required=False,
        choices=[("", "Not spoilt"), *Spoilt.choices],
        error_messages=choice_messages(),
    )
    # Which paper of the bundle this is (the form's count + 1): saving the same
    # position twice (a double click, a second window) stores it once.
    position = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=100_000
    )

    def __init__(self, data=None, *, ballot, options, **kwargs):
        self.ballot = ballot
        super().__init__(data, **kwargs)
        self.numbered = {str(n): o for n, o in enumerate(options, start=1)}
        self.setup_options(options)
        del self.fields["options"]
        if not ballot.ask_about_you:
            for name in self.ABOUT_FIELDS:
                del self.fields[name]
        self.order_fields(["numbers", "spoilt"])

    def clean_numbers(self):
        parts = re.split(r"[\s,;.]+", self.cleaned_data["numbers"].strip())
        parts = [p for p in parts if p]
        unknown = [p for p in parts if p not in self.numbered]
        if unknown:
            raise ValidationError(
                f"{', '.join(unknown)} is not a number on this paper (1 to {len(self.numbered)})."
            )
        if len(set(parts)) != len(parts):
            raise ValidationError("A number is typed twice.")
        return parts

    def clean(self):
        cleaned = super().clean()
        if not self.ballot.paper_route:
            raise ValidationError("Paper ballots are switched off for this ballot.")
        parts = cleaned.get("numbers")
        if cleaned.get("spoilt") or parts is None:
            return cleaned
        required = self.ballot.choices_required
        if not parts:
            self.add_error("numbers", "Type the numbers ticked, or choose why the paper is spoilt.")
        elif len(parts) != required:
            self.add_error(
                "numbers",
                f"A valid paper has exactly {required} ticks; this has {len(parts)}. "
                "If that is what the paper shows, choose why it is spoilt instead.",
            )
        return cleaned

    def reading(self):
        """The paper as keyed, for ``KeyedPaper``: the same shape for both keyings."""
        cleaned = self.cleaned_data
        if cleaned.get("spoilt"):
            return {
                "spoilt": cleaned["spoilt"],
                "options": "",
                "age_band": "",
                "region": "",
                "services": "",
            }
        option_ids = sorted(self.numbered[p].pk for p in cleaned["numbers"])
        answers = self.answers()
        return {
            "spoilt": "",
            "options": ",".join(str(pk) for pk in option_ids),
            "age_band": answers.get("age_band") or "",
            "region": answers.get("region") or "",
            "services": ",".join(sorted(set(answers.get("services") or []))),
        }


class SettleForm(forms.Form):
    """A third person settles each paper the two keyings disagree on: the first
    keying is right, the second is, or neither, and then she keys the paper as she
    reads it.

    The rule, as at a count: the third person looks at the paper itself, and her
    reading is final. A third reading need not match either keying (both may
    have slipped); it is checked like any keyed paper (exactly N numbers, or a
    reason it is spoilt). The optional "about you" answers of a third reading
    are those both keyings agree on; where they disagree they are left
    unanswered, as the questions may be.
    """

    CHOICES = [
        ("first", "First keying is right"),
        ("second", "Second keying is right"),
        ("third", "Neither: I read it as below"),
    ]

    def __init__(self, data=None, *, rows, ballot=None, options=(), **kwargs):
        super().__init__(data, **kwargs)
        self.rows = rows
        self.ballot = ballot
        self.options = list(options)
        for position, _a, _b, agree in rows:
            if agree:
                continue
            self.fields[f"paper_{position}"] = forms.ChoiceField(
                label=f"Paper {position}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose which reading of paper {position} is right."},
            )
            self.fields[f"paper_{position}_numbers"] = forms.CharField(
                label=f"Numbers ticked on paper {position}",
                max_length=60,
                required=False,
                help_text="Only for “Neither”: e.g. 1 4 7.",
            )
            self.fields[f"paper_{position}_spoilt"] = forms.ChoiceField(
                label=f"Or, if paper {position} is spoilt, why",
                required=False,
                choices=[("", "Not spoilt"), *Spoilt.choices],
                error_messages=choice_messages(),
            )

    def clean(self):
        cleaned = super().clean()
        self.third_readings = {}
        for position, a, b, agree in self.rows:
            if agree or cleaned.get(f"paper_{position}") != "third":
                continue
            entry = PaperEntryForm(
                {
                    "numbers": cleaned.get(f"paper_{position}_numbers", ""),
                    "spoilt": cleaned.get(f"paper_{position}_spoilt", ""),
                },
                ballot=self.ballot,
                options=self.options,
            )
            if not entry.is_valid():
                message = (
                    " ".join(str(e) for errors in entry.errors.values() for e in errors)
                    or "Type the numbers ticked, or choose why the paper is spoilt."
                )
                self.add_error(f"paper_{position}_numbers", f"Paper {position}: {message}")
                continue
            reading = entry.reading()
            if not reading["spoilt"] and a is not None and b is not None:
                for name in ("age_band", "region", "services"):
                    same = getattr(a, name) == getattr(b, name)
                    reading[name] = getattr(a, name) if same else ""
            self.third_readings[position] = reading
        return cleaned

    def decisions(self):
        """``{position: "first" | "second" | reading}`` for every disagreeing paper."""
        return {
            position: self.third_readings.get(position, self.cleaned_data[f"paper_{position}"])
            for position, _a, _b, agree in self.rows
            if not agree
        }


class OwnOrganisationMixin:
    """A partner user can choose only their own organisation: another id posted
    by hand is 'not one of the choices' and nothing is stored."""

    def limit_organisations(self, user):
        from network.models import organisation_for

        org = organisation_for(user) if user is not None else None
        if org is not None:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(pk=org.pk)
            field.initial = org.pk
            field.empty_label = None


class CodeBatchForm(OwnOrganisationMixin, forms.ModelForm):
    size = forms.IntegerField(label="How many codes", min_value=1, max_value=2000, initial=100)
    card_language = forms.ChoiceField(
        label=_("Language of the cards"),
        required=False,
        help_text=_("The cards, and the ballot their QR codes open, are in this language."),
    )

    class Meta:
        model = CodeBatch
        fields = ["ballot", "organisation", "reference", "size"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_organisations(user)
        from wagtail.models import Locale

        self.fields["card_language"].choices = [
            (locale.language_code, locale.get_display_name()) for locale in Locale.objects.all()
        ]
        self.fields["card_language"].initial = translation.get_language()

    def clean_ballot(self):
        ballot = self.cleaned_data["ballot"]
        if ballot.has_closed():
            raise ValidationError("This ballot has closed: codes for it could not be used.")
        return ballot
