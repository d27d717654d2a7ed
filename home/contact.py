"""The contact page: a Wagtail form builder page that staff set up in the admin.

Every submission is stored (Forms in the admin) and emailed to staff. A
honeypot field always guards it, reCAPTCHA too when keys are configured,
and a rate limit per visitor address stops floods. Imported by models.py.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel

from .seo import SeoMixin

HONEYPOT_FIELD = "homepage"
EXTRA_FIELDS = {HONEYPOT_FIELD, "captcha"}


def recaptcha_status():
    if settings.RECAPTCHA_ENABLED:
        return "<p>reCAPTCHA is on: visitors tick “I'm not a robot” before sending.</p>"
    return (
        "<p>reCAPTCHA is off because no keys are set (RECAPTCHA_PUBLIC_KEY and "
        "RECAPTCHA_PRIVATE_KEY). A hidden spam trap and a limit on messages per "
        "visitor still guard the form.</p>"
    )


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


def plain_error_messages(field):
    """Messages that name the field, in plain words, instead of Django's generic ones."""
    label = str(field.label or gettext("this"))
    lowered = label[0].lower() + label[1:]
    field.error_messages["required"] = gettext("Enter %(label)s.") % {"label": lowered}
    if isinstance(field, forms.EmailField):
        field.error_messages["invalid"] = gettext(
            "Enter an email address in the right format, like name@example.org."
        )
    elif isinstance(field, forms.URLField):
        field.error_messages["invalid"] = gettext("Enter a web address, like https://example.org.")
    elif isinstance(field, forms.DateTimeField | forms.DateField):
        field.error_messages["invalid"] = gettext("Enter a real date, like 27/03/2025.")
    elif isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        field.error_messages["invalid"] = gettext("Enter a number, like 12.")
    if isinstance(field, forms.ChoiceField):
        field.error_messages["required"] = gettext("Choose an answer for “%(label)s”.") % {
            "label": label
        }
    if isinstance(field, forms.BooleanField) and field.required:
        field.error_messages["required"] = gettext("Tick “%(label)s” to carry on.") % {
            "label": label
        }
    if isinstance(field, forms.CharField) and field.max_length:
        field.error_messages["max_length"] = gettext(
            "“%(label)s” can be at most %(max)s characters long."
        ) % {"label": label, "max": field.max_length}


def describe(form, name, error=False):
    """Set aria-describedby (help, then error) and aria-invalid on a field's input."""
    field = form.fields[name]
    auto_id = form[name].auto_id
    ids = [f"{auto_id}-help"] if field.help_text else []
    if error:
        ids.append(f"{auto_id}-error")
        field.widget.attrs["aria-invalid"] = "true"
    if ids:
        field.widget.attrs["aria-describedby"] = " ".join(ids)


class ContactPage(SeoMixin, AbstractEmailForm):
    page_description = _(
        "A contact form: messages are emailed to the address you set, and the page shows the "
        "helplines."
    )
    intro = models.TextField(blank=True)
    thank_you_text = models.TextField(
        blank=True,
        default="Thank you. We have your message and will reply as soon as we can.",
        help_text="Shown after someone sends the form.",
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        HelpPanel(content=recaptcha_status(), heading="Spam protection"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email to staff",
        ),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    # Visitors' messages are private; a copied page starts without them.
    exclude_fields_in_copy = ["formsubmission_set"]

    class Meta:
        verbose_name = "contact page"

    def get_form_class(self):
        form_class = super().get_form_class()
        extra = {
            HONEYPOT_FIELD: forms.CharField(
                label=_("Leave this empty"),
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )
        }
        if settings.RECAPTCHA_ENABLED:
            from django_recaptcha.fields import ReCaptchaField

            extra["captcha"] = ReCaptchaField(
                label=_("Check you are a person"),
                error_messages={
                    "required": _("Tick “I'm not a robot” before sending."),
                    "captcha_invalid": _("We could not check you are a person. Please try again."),
                    "captcha_error": _("We could not check you are a person. Please try again."),
                },
            )

        def clean_honeypot(form):
            if form.cleaned_data.get(HONEYPOT_FIELD):
                raise forms.ValidationError(
                    _("Leave the last field empty: it is there to catch automated spam.")
                )
            return ""

        def full_clean(form):
            form_class.full_clean(form)
            # Point each input in error at its message, for screen readers.
            for name in form.errors:
                if name in form.fields:
                    describe(form, name, error=True)

        return type(
            "ContactForm",
            (form_class,),
            {**extra, f"clean_{HONEYPOT_FIELD}": clean_honeypot, "full_clean": full_clean},
        )

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        for name, field in form.fields.items():
            if name not in EXTRA_FIELDS:
                plain_error_messages(field)
                describe(form, name)
        return form

    def process_form_submission(self, form):
        form.cleaned_data = {k: v for k, v in form.cleaned_data.items() if k not in EXTRA_FIELDS}
        return super().process_form_submission(form)

    def send_mail(self, form):
        from .tasks import send_form_submission_email

        addresses = [x.strip() for x in self.to_address.split(",") if x.strip()]
        send_form_submission_email.enqueue(
            self.subject or f"New message from {self.title}",
            self.render_email(form),
            addresses,
            self.from_address,
        )

    def render_email(self, form):
        lines = []
        for name, value in form.cleaned_data.items():
            if name not in form.fields or name in EXTRA_FIELDS:
                continue
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{form.fields[name].label}: {value if value not in (None, '') else '-'}")
        return "\n".join(lines)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from .ratelimit import client_key, hit_rate

            if not hit_rate("contact-form", client_key(request), settings.CONTACT_FORM_RATE):
                context = self.get_context(request)
                context["form"] = self.get_form(request.POST, page=self, user=request.user)
                context["rate_limited"] = True
                return TemplateResponse(request, self.get_template(request), context, status=429)
        return super().serve(request, *args, **kwargs)
