"""The ballot page's editing form in Wagtail's admin (``BallotPage.base_form_class``).

Wagtail takes the class itself on the model, so it lives in the models package;
it is the admin's page form, not a form visitors fill in (those are in
``ballot/forms.py``, which models never import).
"""

from wagtail.admin.forms import WagtailAdminPageForm


class BallotPageForm(WagtailAdminPageForm):
    """Refuses to delete an option that has votes, and says why."""

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("options")
        if formset is None or not formset.is_bound:
            return valid
        from .votes import VoteChoice

        deleting = [
            f.instance
            for f in formset.forms
            if f.instance.pk and getattr(f, "cleaned_data", {}).get("DELETE")
        ]
        used = set(
            VoteChoice.objects.filter(option__in=deleting).values_list("option_id", flat=True)
        )
        for option in deleting:
            if option.pk in used:
                self.add_error(
                    None,
                    f"The option “{option.title}” cannot be deleted because women have "
                    "already chosen it: deleting it would change the counts. Tick "
                    "“Hidden” instead to take it off the ballot; its votes stay counted.",
                )
                valid = False
        translation = self.instance.pk and not self.instance.is_counting_ballot()
        if translation and self._changes_option_set(formset):
            self.add_error(None, TRANSLATION_OPTIONS_FIXED)
            valid = False
        shown = [
            f
            for f in formset.forms
            if getattr(f, "cleaned_data", None)
            and not f.cleaned_data.get("DELETE")
            and not f.cleaned_data.get("hidden")
        ]
        required = (getattr(self, "cleaned_data", None) or {}).get("choices_required")
        if shown and required and required > len(shown):
            self.add_error(
                "choices_required",
                f"The ballot shows {len(shown)} options, so women cannot choose {required}.",
            )
            valid = False
        return valid

    @staticmethod
    def _changes_option_set(formset):
        """True when the posted options add or remove one (a translation's
        options come only from its source ballot)."""
        for f in formset.forms:
            data = getattr(f, "cleaned_data", None) or {}
            if f.instance.pk and data.get("DELETE"):
                return True
            if not f.instance.pk and data and not data.get("DELETE"):
                return True
        return False


TRANSLATION_OPTIONS_FIXED = (
    "This page is a translation, so its options cannot be added or removed here: "
    "every language shows the same options and counts them together. Change the "
    "options on the original ballot; the translations follow when it is synced."
)
