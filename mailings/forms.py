"""The follow form: an email address, how often, and what about. Nothing else."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EMAIL_MAX_LENGTH, Follower

HONEYPOT_FIELD = "website"


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("We will send you a link to confirm it is yours."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the right form, like name@example.com."),
            "max_length": _("An email address must be 254 characters or fewer."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Follower.Frequency.choices,
        initial=Follower.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often you would like emails."),
            "invalid_choice": _("Choose how often from the list."),
        },
    )
    everything = forms.BooleanField(
        label=_("Everything: every new blog post and campaign update"), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("Blog topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the topics listed.")},
    )
    campaigns = forms.MultipleChoiceField(
        label=_("Campaigns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the campaigns listed.")},
    )
    newsletter = forms.BooleanField(label=_("The network's newsletter"), required=False)

    def __init__(self, *args, categories, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(str(c.pk), c.name) for c in categories]
        self.fields["campaigns"].choices = [(str(c.pk), c.title) for c in campaigns]
        describe_fields(self)
        if settings.RECAPTCHA_ENABLED:
            from network.membership.forms import _recaptcha_field

            self.fields["captcha"] = _recaptcha_field()

    def full_clean(self):
        super().full_clean()
        describe_fields(self)

    def clean(self):
        data = super().clean()
        chosen = data.get("everything") or data.get("categories") or data.get("campaigns")
        if not chosen and not data.get("newsletter") and not self.errors:
            raise forms.ValidationError(
                _(
                    "Choose at least one thing to follow: everything, a topic, a campaign "
                    "or the newsletter."
                ),
                code="nothing",
            )
        return data

    def requested(self):
        """The choices, as stored until the confirmation link is followed."""
        data = self.cleaned_data
        return {
            "frequency": data["frequency"],
            "everything": bool(data["everything"]),
            "categories": [int(pk) for pk in data["categories"]],
            "campaigns": [int(pk) for pk in data["campaigns"]],
            "newsletter": bool(data["newsletter"]),
        }


def describe_fields(form):
    """Tie each input to its hint and its message, for screen readers."""
    for name, field in form.fields.items():
        auto_id = form[name].auto_id
        ids = [f"{auto_id}_helptext"] if field.help_text else []
        if name in form.errors:
            ids.append(f"{auto_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
