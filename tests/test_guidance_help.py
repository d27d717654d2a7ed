"""Guidance on every screen (issue 13, item 4): every page type says what it is
for, every block says what it does, and every field staff fill in on a ballot
says how it is used."""

import importlib

import pytest
from django.apps import apps
from wagtail import blocks
from wagtail.models import Page, get_page_models

BALLOT_EDITABLE_FIELDS = {
    "ballot.ballotpage": [
        "question",
        "intro",
        "choices_required",
        "opens_at",
        "closes_at",
        "target",
        "online_route",
        "code_route",
        "paper_route",
        "ask_about_you",
        "thank_you_text",
        "results_visibility",
    ],
}


def test_every_page_type_has_a_description():
    missing = [
        model._meta.label
        for model in get_page_models()
        if model is not Page and not str(getattr(model, "page_description", "") or "").strip()
    ]
    assert missing == []


def _project_blocks():
    for label in ("home", "blog", "network", "ballot"):
        try:
            module = importlib.import_module(f"{label}.blocks")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, blocks.Block)
                and value.__module__ == module.__name__
                and not issubclass(value, blocks.StreamBlock)
            ):
                yield value


def test_every_block_has_a_description():
    found = list(_project_blocks())
    assert len(found) >= 8
    missing = [
        cls.__name__ for cls in found if not str(getattr(cls().meta, "description", "")).strip()
    ]
    assert missing == []


@pytest.mark.parametrize("label", BALLOT_EDITABLE_FIELDS)
def test_every_ballot_field_has_help_text(label):
    model = apps.get_model(label)
    missing = [
        name
        for name in BALLOT_EDITABLE_FIELDS[label]
        if not str(model._meta.get_field(name).help_text).strip()
    ]
    assert missing == []


def test_every_ballot_option_field_has_help_text():
    model = apps.get_model("ballot.ballotoption")
    editable = [
        f
        for f in model._meta.get_fields()
        if getattr(f, "editable", False)
        and not f.auto_created
        and f.name not in {"page", "sort_order", "id"}
        and hasattr(f, "help_text")
    ]
    assert editable
    assert [f.name for f in editable if not str(f.help_text).strip()] == []
