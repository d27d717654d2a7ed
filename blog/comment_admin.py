"""Comment moderation in the Wagtail admin: "Comments waiting", approve or reject
with a note, and a reply marked as from staff.

Like every admin view of visitors' personal data, it asks the one permission
policy (network/access.py, rules "blog.comment"). That is the one place blog
reaches into network, and only from the admin.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InstanceSpecificView

from home.cache import invalidate_page_cache
from network import access
from network.access_admin import PolicyModelAdmin, RowButton

from .comments import Comment


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: show it under the post")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for other moderators (never shown)"), required=False, widget=forms.Textarea
    )
    reply = forms.CharField(
        label=_("Reply from the network (optional, shown marked as from staff)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea,
    )


class ModerateCommentView(InstanceSpecificView):
    page_title = _("Moderate a comment")

    def check_action_permitted(self, user):
        return access.can(user, "moderate", self.instance)

    def get_template_names(self):
        return ["blog/admin/comment_moderate.html"]

    def get_context_data(self, form=None, **kwargs):
        form = form or ModerateForm(initial={"note": self.instance.moderator_note})
        return super().get_context_data(form=form, comment=self.instance, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ModerateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        comment = self.instance
        data = form.cleaned_data
        comment.status = (
            Comment.Status.APPROVED if data["decision"] == "approve" else Comment.Status.REJECTED
        )
        comment.moderator_note = data["note"]
        comment.moderated_at = timezone.now()
        comment.moderated_by = request.user
        comment.save()
        if data["reply"].strip() and access.can(request.user, "reply", Comment):
            name = request.user.get_full_name() or str(_("The network"))
            Comment.objects.create(
                post=comment.post,
                reply_to=comment,
                name=name,
                body=data["reply"].strip(),
                by_staff=True,
                status=Comment.Status.APPROVED,
                moderated_at=timezone.now(),
                moderated_by=request.user,
            )
        invalidate_page_cache()
        messages.success(request, _("The comment has been moderated."))
        return HttpResponseRedirect(self.index_url + "?status__exact=pending")


class CommentAdmin(PolicyModelAdmin, ModelAdmin):
    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    menu_order = 230
    add_to_admin_menu = True
    row_buttons = (RowButton("moderate", _("Moderate"), _("Approve or reject this comment")),)
    list_display = ("created_at", "post", "display_name", "excerpt", "flags_display", "status")
    list_filter = ("status", "by_staff")
    search_fields = ("body", "name", "post__title")
    inspect_view_enabled = True
    inspect_view_fields = [
        "post",
        "name",
        "email",
        "body",
        "status",
        "flags",
        "by_staff",
        "moderator_note",
        "created_at",
        "moderated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post")

    def moderate_view(self, request, instance_pk):
        if not str(instance_pk).isdigit():
            from django.http import Http404

            raise Http404
        return ModerateCommentView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def extra_admin_urls(self):
        return (
            re_path(
                self.url_helper.get_action_url_pattern("moderate"),
                self.moderate_view,
                name=self.url_helper.get_action_url_name("moderate"),
            ),
        )
