"""The voting form, and the option and "about you" fields the paper forms share.
Every rule lives in ``clean()``. The forms staff and partners fill in the admin
(paper keying, settling, code batches) are in ``ballot/staff_forms.py``.

Messages are written for women who may read little English: short, plain,
saying what to do next.
"""

import logging
import re
import secrets
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import slug_unicode_re
from django.forms.utils import ErrorDict
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_recaptcha.fields import ReCaptchaField

from ballot.device_marks import VIA_SALT, device_just_voted
from ballot.kiosks import kiosk_hour_full
from ballot.models import BallotCode, SubmissionToken
from ballot.models.codes import format_code, hash_code, is_well_formed, normalise_code
from ballot.models.kiosks import Kiosk
from ballot.models.votes import AGE_BANDS, REGIONS, SERVICES, Route
from ballot.voting import CODE_USED, CodeAttempt, hash_token
from network.models import Organisation

logger = logging.getLogger(__name__)

FORGED = _("Part of this form was changed or is missing. Please reload the page and choose again.")
NOT_ON_LIST = _("Please choose from the list.")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
JUST_VOTED = _(
    "A vote was sent from this browser a moment ago. If that was you, it is counted: "
    "you do not need to send it again. If you have not voted yet, tick "
    "“I have not voted in this ballot yet” and send your choices."
)


def _when(value):
    return date_format(localtime(value), "j F Y, H:i")


class GuardedReCaptchaField(ReCaptchaField):
    """django-recaptcha catches only HTTPError: a timeout, DNS failure or odd reply
    from Google would otherwise be a 500. Here it asks the voter to try again."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError:
            raise
        except (OSError, ValueError) as error:
            logger.warning("reCAPTCHA check failed: %r", error)
            raise ValidationError(CAPTCHA_UNAVAILABLE, code="captcha_unavailable") from None


CAPTCHA_UNAVAILABLE = _(
    "We could not check the 'I'm not a robot' box just now. Please try again in a minute."
)


def recaptcha_field():
    return GuardedReCaptchaField(
        label=_("Show you are not a robot"),
        error_messages={
            "required": _("Please tick the 'I'm not a robot' box."),
            "captcha_invalid": _("The 'I'm not a robot' check did not work. Please try again."),
            "captcha_error": CAPTCHA_UNAVAILABLE,
        },
    )


def choice_messages():
    return {"invalid_choice": NOT_ON_LIST, "invalid_list": NOT_ON_LIST}


class AboutYouMixin(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Your age (optional)"),
        required=False,
        choices=[("", _("I would rather not say")), *AGE_BANDS],
        error_messages=choice_messages(),
    )
    region = forms.ChoiceField(
        label=_("Where you live (optional)"),
        required=False,
        choices=[("", _("I would rather not say")), *REGIONS],
        error_messages=choice_messages(),
    )
    services = forms.MultipleChoiceField(
        label=_("Services you have used (optional)"),
        required=False,
        choices=SERVICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_messages(),
    )

    ABOUT_FIELDS = ("age_band", "region", "services")

    def answers(self):
        if not self.ballot.ask_about_you:
            return {}
        return {name: self.cleaned_data.get(name) for name in self.ABOUT_FIELDS}


class OptionsMixin:
    """``options`` may be a callable, called when the options are first needed:
    a page whose list of options is a kept fragment never fetches them."""

    def setup_options(self, options):
        self._options_source = options
        required = self.ballot.choices_required
        self.fields["options"] = forms.MultipleChoiceField(
            label=self.ballot.question,
            choices=lambda: [(pk, o.title) for pk, o in self.options_by_id.items()],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": gettext(
                    "Please choose %(required)s issues, no more and no less. "
                    "You have not chosen any."
                )
                % {"required": required},
                "invalid_choice": _(
                    "One of your choices is not on this ballot. Please choose again from the list."
                ),
                "invalid_list": FORGED,
            },
        )

    @cached_property
    def options_by_id(self):
        source = self._options_source
        return {str(o.pk): o for o in (source() if callable(source) else source)}

    def clean_options(self):
        chosen = self.cleaned_data["options"]
        required = self.ballot.choices_required
        if len(set(chosen)) != len(chosen):
            raise ValidationError(
                gettext(
                    "You chose the same issue more than once. Please choose %(required)s "
                    "different issues."
                )
                % {"required": required},
                code="repeated",
            )
        if len(chosen) != required:
            raise ValidationError(
                gettext(
                    "Please choose %(required)s issues, no more and no less. You chose %(chosen)s."
                )
                % {"required": required, "chosen": len(chosen)},
                code="count",
            )
        return chosen

    def chosen_options(self):
        return [self.options_by_id[pk] for pk in self.cleaned_data["options"]]


class BallotForm(OptionsMixin, AboutYouMixin, forms.Form):
    code = forms.CharField(
        label=_("Ballot code (if you have one)"),
        required=False,
        max_length=20,
        help_text=_("Find it on your ballot card. It has 8 letters and numbers, like ACDE-3479."),
        error_messages={"max_length": _("That does not look like a ballot code.")},
    )
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    form_token = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": FORGED}, max_length=64
    )
    via = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    kiosk = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    # Shown only with the JUST_VOTED question (a second send right after a vote).
    first_vote = forms.BooleanField(label=_("I have not voted in this ballot yet"), required=False)

    def __init__(self, data=None, *, ballot, request, options, **kwargs):
        self.ballot = ballot
        self.request = request
        self.code_object = None
        self.channel = None
        self.route = Route.ONLINE
        kiosk_value = (data if data is not None else request.GET).get("kiosk", "")
        self.kiosk = Kiosk.objects.for_token(str(kiosk_value), ballot)
        self.is_kiosk = self.kiosk is not None and self.kiosk.is_working
        kwargs.setdefault("auto_id", f"ballot{ballot.pk}-%s")
        super().__init__(data, initial=self.initial_values(request, kiosk_value), **kwargs)
        self.setup_options(options)
        if not ballot.code_route:
            del self.fields["code"]
        if not ballot.ask_about_you:
            for name in self.ABOUT_FIELDS:
                del self.fields[name]
        if settings.RECAPTCHA_ENABLED and not self.is_kiosk:
            self.fields["captcha"] = recaptcha_field()

    def initial_values(self, request, kiosk_value):
        initial = {"form_token": secrets.token_urlsafe(24)}
        if self.is_kiosk:
            initial["kiosk"] = kiosk_value
        # ?code= from a partner's link fills the code field (the QR on a card uses
        # #code=, which ballot.js reads: see ballot/paper.py for why).
        code = normalise_code(request.GET.get("code", "")[:40])
        if code and is_well_formed(code):
            initial["code"] = format_code(code)
        via = request.GET.get("via", "")[:60]
        # Only a slug can name an organisation; anything else (a NUL byte
        # would be a database error on PostgreSQL) is ignored unread.
        if (
            slug_unicode_re.match(via)
            and Organisation.objects.filter(slug=via, active=True).exists()
        ):
            initial["via"] = signing.dumps(via, salt=VIA_SALT)
        return initial

    def kiosk_home_url(self):
        """Where this kiosk goes back to for the next woman: a fresh ballot, still a kiosk."""
        return f"{self.ballot.url}?{urlencode({'kiosk': self['kiosk'].value()})}"

    def kiosk_timing(self):
        """(idle seconds, warning seconds) before a half-finished kiosk ballot is cleared."""
        idle = settings.BALLOT_KIOSK_IDLE_SECONDS
        return idle, min(settings.BALLOT_KIOSK_WARNING_SECONDS, idle)

    def option_choices(self):
        """(option, checked) pairs for the template, in ballot order."""
        if self.is_bound:
            chosen = set(self.data.getlist("options") if hasattr(self.data, "getlist") else [])
        else:
            chosen = set()
        return [(o, str(o.pk) in chosen) for o in self.options_by_id.values()]

    def full_clean(self):
        super().full_clean()
        # A repeat of a form already accepted (a double click, or Back and send
        # again): no new vote, no error, the same thank-you as the first time.
        self.duplicate = bool(
            self.is_bound
            and TOKEN_RE.match(str(self.data.get("form_token", "")))
            and SubmissionToken.objects.filter(
                token_hash=hash_token(self.data["form_token"])
            ).exists()
        )
        if self.duplicate:
            self._errors = ErrorDict()

    def error_summary(self):
        """(anchor id, message) for the error summary at the top of the form."""
        first_option = next(iter(self.options_by_id), "")
        anchors = {
            "options": f"ballot{self.ballot.pk}-option-{first_option}",
            "services": f"ballot{self.ballot.pk}-services_0",
        }
        summary = []
        for name, errors in self.errors.items():
            if name == "__all__" or name not in self.fields or self.fields[name].widget.is_hidden:
                anchor = f"ballot{self.ballot.pk}-errors"
            else:
                anchor = anchors.get(name, f"ballot{self.ballot.pk}-{name}")
            summary += [(anchor, message) for message in errors]
        return summary

    # --- field rules -----------------------------------------------------
    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        if not TOKEN_RE.match(token):
            raise ValidationError(FORGED, code="forged")
        return token

    def clean_next(self):
        next_url = self.cleaned_data.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return next_url if next_url.startswith("/") else ""
        return ""

    def clean_via(self):
        via = self.cleaned_data.get("via")
        if not via:
            return None
        try:
            slug = signing.loads(via, salt=VIA_SALT)
        except signing.BadSignature:
            raise ValidationError(FORGED, code="forged") from None
        return Organisation.objects.filter(slug=slug, active=True).first()

    def clean_kiosk(self):
        value = self.cleaned_data.get("kiosk")
        if value and not self.is_kiosk:
            if self.kiosk is not None:
                raise ValidationError(
                    f"{self.kiosk.stopped_reason()} {gettext('Your vote was not taken.')}",
                    code="kiosk_stopped",
                )
            raise ValidationError(FORGED, code="forged")
        return value

    def clean_code(self):
        code = normalise_code(self.cleaned_data.get("code"))
        if not code:
            return ""
        if not is_well_formed(code):
            raise ValidationError(
                gettext(
                    "That does not look like a ballot code. Codes have 8 letters and numbers, "
                    "like ACDE-3479."
                ),
                code="malformed",
            )
        attempt = CodeAttempt(self.request)
        refusal = attempt.start()
        if refusal:
            raise ValidationError(refusal, code="slow_down")
        found = (
            BallotCode.objects.filter(
                code_hash=hash_code(code), batch__ballot_id=self.ballot.counting_id
            )
            .select_related("batch__organisation")
            .first()
        )
        if found is None:
            raise ValidationError(attempt.unknown_message(), code="unknown")
        attempt.found()
        if found.used:
            raise ValidationError(CODE_USED, code="used")
        if not found.batch.organisation.active:
            raise ValidationError(
                gettext(
                    "This code can no longer be used. Please ask the organisation that gave it "
                    "to you for help."
                ),
                code="inactive",
            )
        self.code_object = found
        return code

    # --- rules across fields -------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        ballot = self.ballot
        if cleaned.get("website"):
            raise ValidationError(
                gettext(
                    "Sorry, we could not accept this vote. Please reload the page and try again."
                ),
                code="honeypot",
            )
        if not ballot.has_opened():
            raise ValidationError(
                gettext("This ballot is not open yet. It opens on %(when)s.")
                % {"when": _when(ballot.opens_at)},
                code="not_open",
            )
        if ballot.has_closed():
            raise ValidationError(
                gettext("This ballot closed on %(when)s. Thank you for your interest.")
                % {"when": _when(ballot.closes_at)},
                code="closed",
            )
        if self.code_object is not None:
            self.route = Route.CODE
            self.channel = self.code_object.batch.organisation
        elif "code" in self.errors:
            return cleaned
        elif not ballot.online_route:
            self.add_error("code", gettext("Please enter the code from your ballot card."))
            return cleaned
        else:
            self.route = Route.ONLINE
            if (
                not self.is_kiosk
                and not cleaned.get("first_vote")
                and device_just_voted(self.request, ballot.counting_id)
            ):
                self.add_error("first_vote", ValidationError(JUST_VOTED, code="just_voted"))
                return cleaned
            if self.is_kiosk:
                self.channel = self.kiosk.organisation
            else:
                self.channel = cleaned.get("via")
        if self.is_kiosk and not self.errors and kiosk_hour_full(self.kiosk):
            raise ValidationError(
                gettext(
                    "This kiosk has taken as many votes as it can this hour. Please try again "
                    "in the next hour, or ask a member of staff."
                ),
                code="kiosk_hour_full",
            )
        return cleaned
