"""The form for making a partner user (network/account_views.py): a username
nobody has, an address, and a password the validators accept."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from .models import Organisation


class PartnerUserForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(active=True))
    username = forms.CharField(max_length=150)
    email = forms.EmailField()
    password = forms.CharField(
        widget=forms.PasswordInput,
        help_text="Tell the partner this password another way than the email, and ask them "
        "to change it when they first sign in.",
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("Someone already has that username. Please choose another.")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                validate_password(cleaned["password"])
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned
