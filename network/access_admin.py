"""wagtail-modeladmin wired to the permission policy (network/access.py).

Every ModelAdmin for ballot, partner and membership data uses PolicyModelAdmin:
its permission helper, list queryset and history view all ask ``access``, so a
button, a menu item, a search and a direct URL get the same answer, and a no is
a 403 page on every address (``refusing_with_403``).
"""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, re_path
from django.views.defaults import permission_denied
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.helpers.permission import PagePermissionHelper
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

    permission_helper_class = PolicyPermissionHelper
    history_view_class = PolicyHistoryView

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
