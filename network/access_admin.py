"""wagtail-modeladmin wired to the permission policy (network/access.py).

Every ModelAdmin for ballot, partner and membership data uses PolicyModelAdmin:
its permission helper, list queryset, row buttons and history view all ask
``access``, so a button, a menu item, a search and a direct URL get the same
answer, and a no is a 403 page on every address (``refusing_with_403``).

An admin says what it adds, not how: extra views by action (``extra_views``)
and their buttons on each row (``row_buttons``, a list of ``RowButton``); the
one button helper here shows a button only where the policy allows its action
on that row. No admin carries a button helper of its own.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, re_path
from django.views.defaults import permission_denied
from wagtail_modeladmin.helpers import (
    ButtonHelper,
    PageButtonHelper,
    PagePermissionHelper,
    PermissionHelper,
)
from wagtail_modeladmin.views import HistoryView

from . import access

ACTION_OF_CODENAME_PREFIX = {"view": "view", "add": "add", "change": "change", "delete": "delete"}


def numeric_pk(instance_pk):
    """Row ids are numbers: anything else in the address is "not found", not an error."""
    if not str(instance_pk).isdigit():
        raise Http404
    return instance_pk


class PolicyPermissionMixin:
    """modeladmin's questions, answered by the policy."""

    def user_has_specific_permission(self, user, perm_codename):
        action = ACTION_OF_CODENAME_PREFIX.get(perm_codename.split("_", 1)[0])
        return action is not None and access.can(user, action, self.model)

    def user_has_any_permissions(self, user):
        return access.can(user, "view", self.model)

    def user_can_list(self, user):
        return access.can(user, "view", self.model)

    def user_can_create(self, user):
        return access.can(user, "add", self.model)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and access.can(user, "view", obj)

    def user_can_edit_obj(self, user, obj):
        return access.can(user, "change", obj)

    def user_can_delete_obj(self, user, obj):
        return access.can(user, "delete", obj)

    def user_can_see_history(self, user, obj):
        return access.can(user, "history", obj)


class PolicyPermissionHelper(PolicyPermissionMixin, PermissionHelper):
    pass


class PolicyPagePermissionHelper(PolicyPermissionMixin, PagePermissionHelper):
    """Page models: the policy's "view" first, then Wagtail's page permissions."""

    def user_can_create(self, user):
        return access.can(user, "add", self.model) and super(
            PolicyPermissionMixin, self
        ).user_can_create(user)

    def user_can_unpublish_obj(self, user, obj):
        return access.can(user, "change", obj) and super(
            PolicyPermissionMixin, self
        ).user_can_unpublish_obj(user, obj)

    def user_can_copy_obj(self, user, obj):
        return access.can(user, "add", self.model) and super(
            PolicyPermissionMixin, self
        ).user_can_copy_obj(user, obj)


def always(row):
    return True


@dataclass(frozen=True)
class RowButton:
    """A button on a listing row (and the inspect page) beyond modeladmin's own.

    Shown when the policy (``access.can``) lets the user take ``permission``
    (the button's ``action`` unless named apart) on the row, or on the model
    ``permission_on`` where the button makes something else (a partner user for
    an organisation), and when ``shown(row)`` holds: the row's state, never who
    is asking (a settled paper batch has nothing left to key). It links to this
    admin's ``…/<action>/<pk>/`` unless ``url(row)`` names another address.
    ``title`` may name the row as ``{row}``. Buttons with ``first``
    go before modeladmin's own buttons (inspect, edit, delete; copy and
    unpublish on pages), the others after them.
    """

    action: str
    label: str
    title: str = ""
    classnames: tuple = ("button-secondary",)
    first: bool = True
    permission: str = ""
    permission_on: type | None = None
    shown: Callable = always
    url: Callable | None = None

    def allowed(self, user, row):
        target = row if self.permission_on is None else self.permission_on
        return self.shown(row) and access.can(user, self.permission or self.action, target)


class PolicyButtons:
    """The one button helper: modeladmin's buttons less those the admin hides on
    this row (``hidden_buttons``), and its ``row_buttons`` the policy allows."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        model_admin = self.view.model_admin
        exclude = [*(exclude or []), *model_admin.hidden_buttons(obj)]
        own = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        before, after = [], []
        for button in model_admin.row_buttons:
            if button.action in exclude or not button.allowed(self.request.user, obj):
                continue
            url = (
                button.url(obj)
                if button.url
                else self.url_helper.get_action_url(button.action, obj.pk)
            )
            classnames = [*button.classnames, *(classnames_add or [])]
            (before if button.first else after).append(
                {
                    "url": url,
                    "label": button.label,
                    "classname": self.finalise_classname(classnames, classnames_exclude),
                    "title": str(button.title).format(row=obj),
                }
            )
        return [*before, *own, *after]


class PolicyButtonHelper(PolicyButtons, ButtonHelper):
    pass


class PolicyPageButtonHelper(PolicyButtons, PageButtonHelper):
    pass


class PolicyHistoryView(HistoryView):
    """The history of one object: personal data, so the policy decides who reads it."""

    def check_action_permitted(self, user):
        return access.can(user, "history", self.instance)


class PolicyModelAdmin:
    """Mix in before ModelAdmin: policy permission helper, scoped list, guarded history,
    and one way of saying no.

    modeladmin's create and edit views of a page model redirect to Wagtail's page
    editor before asking anything, so create, edit and delete ask the policy here
    first, for every model.

    A refusal is a plain 403 page on every address the admin registers (index,
    create, inspect, edit, delete, history and each extra view such as an export):
    Wagtail's admin would answer a PermissionDenied with a redirect to the
    dashboard, which hides that the address exists but is refused. Extra views go
    in ``extra_views`` (or ``extra_admin_urls``, for another shape of address) so
    they get the same answer; the policy (network/access.py) still decides every
    yes and no.
    """

    history_view_class = PolicyHistoryView

    # Buttons on each row beyond modeladmin's own (see RowButton), usually one
    # per extra view.
    row_buttons = ()

    def hidden_buttons(self, obj):
        """modeladmin's own buttons ("inspect", "edit", "delete") this row does
        not offer, whoever asks: a settled batch cannot be deleted, say."""
        return ()

    def get_permission_helper_class(self):
        if self.permission_helper_class:
            return self.permission_helper_class
        return PolicyPagePermissionHelper if self.is_pagemodel else PolicyPermissionHelper

    def get_button_helper_class(self):
        if self.button_helper_class:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: declare row_buttons and hidden_buttons instead "
                "of a button helper, so every button asks the policy"
            )
        return PolicyPageButtonHelper if self.is_pagemodel else PolicyButtonHelper

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    # Views beyond modeladmin's own, by action: ``view(request, model_admin, instance_pk)``
    # at modeladmin's address for that action (``…/<action>/<pk>/``).
    extra_views = {}

    def extra_admin_urls(self):
        """URL patterns beyond modeladmin's own (``extra_views`` by default); they
        are refused with 403 like the rest. Override to add patterns of another shape."""
        return tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                functools.partial(self._extra_view, view),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in self.extra_views.items()
        )

    def _extra_view(self, view, request, instance_pk):
        return view(request, self, instance_pk)

    def get_admin_urls_for_registration(self):
        return refusing_with_403(
            *super().get_admin_urls_for_registration(), *self.extra_admin_urls()
        )

    def _instance(self, instance_pk):
        return get_object_or_404(self.model._default_manager, pk=numeric_pk(instance_pk))

    def create_view(self, request):
        access.require(request.user, "add", self.model)
        return super().create_view(request)

    def edit_view(self, request, instance_pk):
        access.require(request.user, "change", self._instance(instance_pk))
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        access.require(request.user, "delete", self._instance(instance_pk))
        return super().delete_view(request, instance_pk)


def refusing_with_403(*urls):
    """The URL patterns, each answering the policy's no with the 403 page.

    PolicyModelAdmin applies it to every address it registers; an app's own
    ``register_admin_urls`` hook wraps its views in it too, so the whole admin
    refuses one way.
    """
    return tuple(
        URLPattern(url.pattern, refuse_with_403(url.callback), url.default_args, url.name)
        for url in urls
    )


def refuse_with_403(view):
    """The view, with a PermissionDenied (the policy's no) answered by the 403 page."""

    @functools.wraps(view)
    def refusing(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except access.PermissionDenied as refusal:
            return permission_denied(request, refusal)

    return refusing
