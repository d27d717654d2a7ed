"""Blocks the ballot offers to every StreamField (through HOME_EXTRA_BLOCKS).

This module must not import ``ballot.models`` at import time: ``home.models``
builds its StreamFields from these blocks, so the chooser names the page type
as a string and the models are imported inside methods.
"""

import copy

from wagtail import blocks


class BallotChooserBlock(blocks.PageChooserBlock):
    """A ballot page chosen in a block. Its pages are read in one query for
    all the blocks of a field, each with whether a view restriction applies
    (``known_unrestricted``), so showing its form or results asks no more.
    Saved, and written in migrations, as the plain PageChooserBlock it was
    (``deconstruct``), so swapping it in changed no data."""

    def __init__(self, page_type="ballot.BallotPage", **kwargs):
        super().__init__(page_type=page_type, **kwargs)

    def bulk_to_python(self, values):
        from home.queries import unrestricted

        pages = self.target_model.objects.annotate(known_unrestricted=unrestricted())
        found = pages.in_bulk([value for value in values if value is not None])
        # A copy for a page chosen twice, as Wagtail's chooser blocks do.
        seen, result = set(), []
        for value in values:
            page = found.get(value)
            result.append(copy.copy(page) if page is not None and value in seen else page)
            seen.add(value)
        return result

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        kwargs["page_type"] = [
            f"{model._meta.app_label}.{model._meta.object_name}" for model in self.target_models
        ]
        return "wagtail.blocks.PageChooserBlock", args, kwargs

    class Meta:
        icon = "form"
        template = "blocks/ballot_chooser_block.html"
        description = "A link to a ballot page: its title, to the page where women vote"


class BallotFormBlock(blocks.StructBlock):
    ballot = BallotChooserBlock()
    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Defaults to the ballot's title."
    )

    class Meta:
        icon = "tasks"
        template = "blocks/ballot_form_block.html"
        description = "The voting form itself, so women can vote without leaving this page"

    def get_context(self, value, parent_context=None):
        from ballot.device_marks import forget_on_device, valid_thanks_token
        from ops.logging import log_as_route

        context = super().get_context(value, parent_context=parent_context)
        ballot = value["ballot"].specific if value["ballot"] else None
        request = (parent_context or {}).get("request")
        context.update({"ballot": ballot, "form": None, "thanked": False})
        if ballot is None or not ballot.live or request is None:
            return context
        # The token names the counting ballot (a vote in any language counts there).
        if request.GET.get("ballot_thanks") == str(ballot.pk) and valid_thanks_token(
            request.GET.get("v"), ballot.counting_id
        ):
            context["thanked"] = True
            forget_on_device(request)
            log_as_route(request, "ballot:thanks")
            context["results"] = ballot.results() if ballot.results_visible_to(request) else None
            return context
        forget_on_device(request)
        form = ballot.get_view(request).get_form()
        form.initial["next"] = request.get_full_path()
        # Called by the template only where the options are rendered afresh.
        context.update({"form": form, "ballot_choices": form.option_choices})
        return context


class ResultsBlock(blocks.StructBlock):
    ballot = BallotChooserBlock()
    heading = blocks.CharBlock(required=False, max_length=120, default="Results so far")
    show_bars = blocks.BooleanBlock(required=False, default=True, help_text="Bars for each option")
    show_counts = blocks.BooleanBlock(required=False, default=True, help_text="Numbers of votes")
    show_progress = blocks.BooleanBlock(
        required=False, default=True, help_text="How many women have voted, against the target"
    )

    class Meta:
        icon = "order"
        template = "blocks/results_block.html"
        description = "Live results of a ballot: they update calmly, with a Pause button"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        ballot = value["ballot"].specific if value["ballot"] else None
        request = (parent_context or {}).get("request")
        visible = bool(ballot and ballot.live and request and ballot.results_visible_to(request))
        context.update({"ballot": ballot, "results": ballot.results() if visible else None})
        return context
