"""The "Share your experience" form: plain-words errors, anonymous by default."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.membership.forms import _recaptcha_field
from network.models import ConsentText

from .models import ISSUE_CHOICES, NO_ISSUE, STORY_MAX_LENGTH, Setting, Who

HONEYPOT_FIELD = "website"
CONTACT_CHOICES = [
    ("anonymous", _("Stay anonymous: do not ask for my details")),
    ("contact", _("You may contact me about what I wrote")),
]


def printable(value):
    """Text with control characters (other than line breaks and tabs) removed."""
    return "".join(ch for ch in value if ch.isprintable() or ch in "\n\t")


class ExperienceForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Who are you writing as?"),
        choices=Who.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who you are writing as."),
            "invalid_choice": _("Choose one of the answers listed."),
        },
    )
    setting = forms.ChoiceField(
        label=_("Which service was it?"),
        choices=Setting.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of service."),
            "invalid_choice": _("Choose one of the services listed."),
        },
    )
    issue = forms.ChoiceField(
        label=_("Which of the ten issues is it most about?"),
        choices=ISSUE_CHOICES,
        initial=NO_ISSUE,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the issues listed.")},
    )
    story = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "In your own words. Please leave out other people's names. You can write up "
            "to %(max)s characters."
        )
        % {"max": STORY_MAX_LENGTH},
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Tell us what happened."),
            "max_length": _("Please keep it to %(max)s characters or fewer.")
            % {"max": STORY_MAX_LENGTH},
        },
    )
    contact = forms.ChoiceField(
        label=_("Can we contact you?"),
        choices=CONTACT_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether we may contact you."),
            "invalid_choice": _("Choose one of the two answers."),
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Your name must be 120 characters or fewer.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the right form, like name@example.com."),
            "max_length": _("An email address must be 254 characters or fewer."),
        },
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": _("A phone number must be 40 characters or fewer.")},
    )
    may_quote = forms.BooleanField(required=False)
    quote_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["may_quote"].label = consent.wording
        self.initial.setdefault("quote_version", consent.version)
        if settings.RECAPTCHA_ENABLED:
            self.fields["captcha"] = _recaptcha_field()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.RadioSelect):
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_story(self):
        story = printable(self.cleaned_data["story"]).strip()
        if not story:
            raise ValidationError(_("Tell us what happened."))
        return story

    def clean_name(self):
        return " ".join(printable(self.cleaned_data["name"]).split())

    def clean_phone(self):
        phone = " ".join(printable(self.cleaned_data["phone"]).split())
        if phone and not all(ch.isdigit() or ch in "+ ()-" for ch in phone):
            raise ValidationError(_("Enter a phone number using numbers only, like 020 7946 0000."))
        return phone

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("Leave this field empty: it is there to catch spam."))
        return ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact") == "contact":
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", _("Enter your name, or choose to stay anonymous."))
            if not (cleaned.get("email") or cleaned.get("phone")) and not (
                "email" in self.errors or "phone" in self.errors
            ):
                self.add_error(
                    "email", _("Give an email address or a phone number so we can reach you.")
                )
        shown = cleaned.get("quote_version")
        if cleaned.get("may_quote") and shown is not None and shown != self.consent.version:
            self.add_error(
                "may_quote",
                _(
                    "The wording of this box changed while you were writing. Please read "
                    "it again and tick it if you agree."
                ),
            )
            self.data = self.data.copy()
            self.data["quote_version"] = str(self.consent.version)
            self.data.pop("may_quote", None)
        return cleaned

    def save(self):
        from .models import Experience

        data = self.cleaned_data
        anonymous = data["contact"] != "contact"
        return Experience.objects.create(
            who=data["who"],
            setting=data["setting"],
            issue=data.get("issue") or NO_ISSUE,
            story=data["story"],
            anonymous=anonymous,
            # An anonymous sender leaves no details, even if the boxes were filled in.
            name="" if anonymous else data["name"],
            email="" if anonymous else data["email"],
            phone="" if anonymous else data["phone"],
            may_quote=bool(data.get("may_quote")),
            quote_consent=self.consent if data.get("may_quote") else None,
        )


def current_quote_consent():
    return ConsentText.current(ConsentText.Kind.EXPERIENCE_QUOTE)
