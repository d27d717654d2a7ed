"""The comment form: a name or nothing, an optional email address, the comment."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .comments import BODY_MAX_LENGTH, NAME_MAX_LENGTH

HONEYPOT_FIELD = "website"


def recaptcha_field():
    """reCAPTCHA whose network failures are a form error, never a 500 (as on the join
    form; blog may not import network, so the few lines are repeated here)."""
    from urllib.error import URLError

    from django.core.exceptions import ValidationError
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


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=_("Shown with your comment. Leave it empty to appear as “Anonymous”."),
        error_messages={"max_length": _("Your name must be 80 characters or fewer.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Never shown. Only so we can reply to you privately if we need to."),
        error_messages={
            "invalid": _("Enter an email address in the right form, like name@example.com.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Please do not include phone numbers, addresses or anything that could identify "
            "someone. A moderator reads every comment before it appears."
        ),
        error_messages={
            "required": _("Write your comment."),
            "max_length": _("Your comment must be 3,000 characters or fewer."),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.RECAPTCHA_ENABLED:
            self.fields["captcha"] = recaptcha_field()
        self.describe()

    def full_clean(self):
        super().full_clean()
        self.describe()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\x00", "").strip()
        if not body:
            raise forms.ValidationError(_("Write your comment."))
        return body

    def describe(self):
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if name in self.errors:
                ids.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
