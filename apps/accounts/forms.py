from django import forms
from django.http import HttpRequest

from .models import User


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        max_length=150,
        required=False,
        help_text="Shown next to your notes and picks. Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}
        help_texts = {"display_name": "Shown instead of your user name. Leave empty to use it."}

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()
