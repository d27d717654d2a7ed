"""wagtail-modeladmin wired to the permission policy (network/access.py).

Every ModelAdmin for ballot, partner and membership data uses PolicyModelAdmin:
its permission helper, list queryset and history view all ask ``access``, so a
button, a menu item, a search and a direct URL get the same answer.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.helpers.permission import PagePermissionHelper
from wagtail_modeladmin.views import HistoryView

from . import access

ACTION_OF_CODENAME_PREFIX = {"view": "view", "add": "add", "change": "change", "delete": "delete"}


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
    """Mix in before ModelAdmin: policy permission helper, scoped list, guarded history.

    modeladmin's create and edit views of a page model redirect to Wagtail's page
    editor before asking anything, so create, edit and delete ask the policy here
    first, for every model.
    """

    permission_helper_class = PolicyPermissionHelper
    history_view_class = PolicyHistoryView

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def _instance(self, instance_pk):
        if not str(instance_pk).isdigit():
            raise Http404
        return get_object_or_404(self.model._default_manager, pk=instance_pk)

    def create_view(self, request):
        access.require(request.user, "add", self.model)
        return super().create_view(request)

    def edit_view(self, request, instance_pk):
        access.require(request.user, "change", self._instance(instance_pk))
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        access.require(request.user, "delete", self._instance(instance_pk))
        return super().delete_view(request, instance_pk)


class ForbiddenRefusalMixin:
    """Mix in before PolicyModelAdmin: a refusal is a plain 403 page.

    Wagtail answers a PermissionDenied raised inside the admin with a redirect to
    the dashboard; these views ask the policy before anything else and answer
    403 instead, so a refused address says so and shows nothing of the model.
    """

    def _refused(self, request):
        from django.views.defaults import permission_denied

        return permission_denied(request, access.PermissionDenied())

    def _asks(self, request, action, instance_pk=None):
        target = self.model if instance_pk is None else self._instance(instance_pk)
        return access.can(request.user, action, target)

    def index_view(self, request):
        if not self._asks(request, "view"):
            return self._refused(request)
        return super().index_view(request)

    def create_view(self, request):
        if not self._asks(request, "add"):
            return self._refused(request)
        return super().create_view(request)

    def inspect_view(self, request, instance_pk):
        if not self._asks(request, "view", instance_pk):
            return self._refused(request)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        if not self._asks(request, "change", instance_pk):
            return self._refused(request)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        if not self._asks(request, "delete", instance_pk):
            return self._refused(request)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        if not self._asks(request, "history", instance_pk):
            return self._refused(request)
        return super().history_view(request, instance_pk)
