"""Making a partner user: the admin view behind "Add partner user" on an
organisation (registered in network/wagtail_hooks.py; its form is in
network/account_forms.py)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from . import access
from .account_forms import PartnerUserForm
from .accounts import create_partner_user
from .models import PartnerAccount


def partner_user_create(request):
    """Wish staff make a partner user for an organisation (linked from the organisation)."""
    user = request.user
    access.require(user, "make", PartnerAccount)
    form = PartnerUserForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create_partner_user(
            data["organisation"], data["username"], data["email"], data["password"], user
        )
        messages.success(
            request,
            f"Partner user '{data['username']}' can now sign in for {data['organisation']}.",
        )
        return HttpResponseRedirect(reverse("network_organisation_modeladmin_index"))
    return render(
        request,
        "home/admin/form.html",
        {
            "form": form,
            "title": "New partner user",
            "intro": "A partner user sees only their organisation's ballot codes, paper "
            "batches and turnout, and can edit its partner page as a draft for Wish to approve.",
            "submit": "Make the partner user",
        },
    )
