"""The join form: few fields, plain-words errors, two separate unticked consents."""

from urllib.error import URLError

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from ..models_membership import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    ConsentText,
    normalise_email,
)

HONEYPOT_FIELD = "website"

# A message with a number in it, translated when it is shown (in the visitor's
# language), not when this module is imported.
_name_too_long = lazy(
    lambda: gettext("Your name must be %(max)s characters or fewer.") % {"max": NAME_MAX_LENGTH},
    str,
)
_email_too_long = lazy(
    lambda: (
        gettext("An email address must be %(max)s characters or fewer.") % {"max": EMAIL_MAX_LENGTH}
    ),
    str,
)
_organisation_too_long = lazy(
    lambda: (
        gettext("The organisation's name must be %(max)s characters or fewer.")
        % {"max": ORGANISATION_MAX_LENGTH}
    ),
    str,
)


def _recaptcha_field():
    """A reCAPTCHA field whose network failures are a form error, never a 500."""
    from django_recaptcha.fields import ReCaptchaField

    class SafeReCaptchaField(ReCaptchaField):
        default_error_messages = {
            "required": _("Tick the box to show you are not a robot."),
            "captcha_invalid": _("We could not check that you are not a robot. Please try again."),
            "captcha_error": _("We could not check that you are not a robot. Please try again."),
        }

        def validate(self, value):
            try:
                super().validate(value)
            except (URLError, OSError, ValueError) as error:
                raise ValidationError(
                    self.error_messages["captcha_error"], code="captcha_error"
                ) from error

    return SafeReCaptchaField(label=_("Are you a robot?"))


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("The name you would like us to use."),
        error_messages={
            "required": _("Enter your name."),
            "max_length": _name_too_long(),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("We will send you an email to check it is yours."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the right form, like name@example.com."),
            "max_length": _email_too_long(),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        required=False,
        max_length=ORGANISATION_MAX_LENGTH,
        help_text=_("If you are part of a group or service, tell us which."),
        error_messages={"max_length": _organisation_too_long()},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    region = forms.ChoiceField(
        label=_("Where you live (optional)"),
        required=False,
        choices=[("", _("Choose a region, or leave this"))] + list(Organisation.Region.choices),
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    involvement = forms.MultipleChoiceField(
        label=_("How would you like to be involved? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the ways listed.")},
    )
    consent_membership = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Tick the box to agree to join. We cannot add you without it."),
        },
    )
    consent_updates = forms.BooleanField(required=False)
    # The versions of the consent wording the form showed, so we record what
    # the visitor actually read.
    membership_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    updates_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, page, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.consents = consents
        self.options = list(page.involvement_options.all())
        self.fields["involvement"].choices = [(str(o.pk), o.label) for o in self.options]
        if not self.options:
            del self.fields["involvement"]
        membership = consents[ConsentText.Kind.MEMBERSHIP]
        updates = consents[ConsentText.Kind.UPDATES]
        self.fields["consent_membership"].label = membership.wording
        self.fields["consent_updates"].label = updates.wording
        self.initial.setdefault("membership_version", membership.version)
        self.initial.setdefault("updates_version", updates.version)
        if settings.RECAPTCHA_ENABLED:
            self.fields["captcha"] = _recaptcha_field()

    def full_clean(self):
        super().full_clean()
        # Tie each message to its field for screen readers: the field's
        # description names the error first, then the hint.
        for name in self.errors:
            if name not in self.fields or name == "involvement":
                continue
            field = self.fields[name]
            auto_id = self[name].auto_id
            described = [f"{auto_id}_error"]
            if field.help_text:
                described.append(f"{auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name."))
        return name

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_organisation(self):
        return " ".join(self.cleaned_data["organisation"].split())

    def clean(self):
        cleaned = super().clean()
        changed = _(
            "The wording of this box changed while you were filling in the form. "
            "Please read it again and tick it if you agree."
        )
        for field, kind in (
            ("membership_version", ConsentText.Kind.MEMBERSHIP),
            ("updates_version", ConsentText.Kind.UPDATES),
        ):
            shown = cleaned.get(field)
            current = self.consents[kind].version
            if shown is not None and shown != current:
                box = (
                    "consent_membership"
                    if kind == ConsentText.Kind.MEMBERSHIP
                    else ("consent_updates")
                )
                if cleaned.get(box):
                    self.add_error(box, changed)
                    # Show the new wording's version when the form comes back.
                    self.data = self.data.copy()
                    self.data[field] = str(current)
                    self.data.pop(box, None)
        return cleaned

    def involvement_labels(self):
        chosen = set(self.cleaned_data.get("involvement") or [])
        return [o.label for o in self.options if str(o.pk) in chosen]
