"""Admin for translations waiting for a native speaker (issue 12)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TranslationReview


class TranslationReviewViewSet(SnippetViewSet):
    """ "Draft translations": every translated page not yet checked, by language.

    Edit and list rights are the model's own permissions (Wagtail's snippet
    permission policy), given to editors' groups like any snippet's.
    """

    model = TranslationReview
    menu_label = "Draft translations"
    icon = "globe"
    add_to_admin_menu = True
    menu_order = 290
    list_display = ["page", "language", "checked"]
    list_filter = ["checked", "page__locale"]
    inspect_view_enabled = False


register_snippet(TranslationReviewViewSet)
