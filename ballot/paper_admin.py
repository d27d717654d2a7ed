"""Paper batches after the ballot closes: they count only if the papers were
received before closing, and only staff can record when that was.

While the ballot is open a new batch is marked received today (on saving,
``PaperBatch.save``). After it
closes, a batch needs a "received on" date no later than the closing date,
recorded by someone ``ballot.rules.may_record_paper_received`` allows; the
record is in the audit log.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import log
from wagtail_modeladmin.views import EditView

from ballot import rules


class PaperBatchAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "received_on" in self.fields and not rules.may_record_paper_received(
            self.for_user, self.instance if self.instance.pk else None
        ):
            del self.fields["received_on"]

    def clean(self):
        cleaned = super().clean()
        ballot = cleaned.get("ballot")
        if ballot is None:
            return cleaned
        today = timezone.localdate()
        received = cleaned.get("received_on") if "received_on" in self.fields else None
        if received is not None and received > today:
            self.add_error(
                "received_on", "The date the papers were received cannot be in the future."
            )
        if ballot.has_closed():
            closed_on = timezone.localdate(ballot.closes_at)
            if "received_on" not in self.fields:
                raise ValidationError(
                    f"This ballot closed on {closed_on:%-d %B %Y}. Papers received before then "
                    "can still count: ask the Wish consultation team to record the batch."
                )
            if received is None:
                self.add_error(
                    "received_on",
                    f"This ballot closed on {closed_on:%-d %B %Y}. Give the date these papers "
                    "were received: they count only if it was before the ballot closed.",
                )
            elif received > closed_on:
                self.add_error(
                    "received_on",
                    f"The ballot closed on {closed_on:%-d %B %Y}; papers received after that "
                    "cannot be counted.",
                )
        return cleaned


def log_received(batch, form, user):
    """Audit a "received on" date someone typed (it lets papers count after closing)."""
    if "received_on" in form.changed_data and batch.received_on:
        log(
            batch,
            "ballot.paper_batch.received",
            user=user,
            data={
                "received_on": batch.received_on.isoformat(),
                "ballot_closes_at": batch.ballot.closes_at.isoformat()
                if batch.ballot.closes_at
                else None,
            },
        )


class PaperBatchEditView(EditView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_received(self.instance, form, self.request.user)
        return response


def register_log_actions(actions):
    actions.register_action(
        "ballot.paper_batch.received",
        "Record when papers were received",
        "Papers' date of receipt recorded",
    )
