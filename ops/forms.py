from django import forms
from django_otp import devices_for_user


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, checked against the
    user's confirmed devices. django-otp slows down repeated wrong codes
    (each failure doubles the wait before the next try is checked)."""

    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="Six digits, for example 123456.",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, devices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.device = None

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError("Enter the six digits shown in your authenticator app.")
        devices = self.devices
        if devices is None:
            devices = list(devices_for_user(self.user, confirmed=True))
        for device in devices:
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    "Too many wrong codes. Wait a minute, then try the newest code."
                )
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            "That code did not match. Check the time on your phone is right and try "
            "the newest code."
        )
