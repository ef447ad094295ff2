"""The subscription's settings form (profile), and the daily page's one-field forms."""

from typing import Any
from zoneinfo import available_timezones

from django import forms

from apps.papers.models import Category, Tag

from .models import Subscription
from .services import Preferences

TIMEZONES = sorted(available_timezones())


def valid_timezone(name: str) -> bool:
    return name in _TIMEZONE_SET


_TIMEZONE_SET = frozenset(TIMEZONES)


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(choices=Subscription.Frequency.choices)
    weekday = forms.TypedChoiceField(
        choices=Subscription.Weekday.choices,
        coerce=int,
        initial=Subscription.Weekday.MONDAY,
        help_text="Weekly digests go out on this day.",
    )
    hour = forms.TypedChoiceField(
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)], coerce=int, initial=8
    )
    timezone = forms.ChoiceField(choices=[(name, name) for name in TIMEZONES], initial="UTC")
    content = forms.ChoiceField(choices=Subscription.Content.choices)
    include_tags = forms.ModelMultipleChoiceField(
        Tag.objects.order_by("name"), to_field_name="slug", required=False,
        help_text="Only papers with one of these tags or in one of the categories below.",
    )  # fmt: skip
    categories = forms.ModelMultipleChoiceField(
        Category.objects.order_by("code"), to_field_name="code", required=False
    )
    exclude_tags = forms.ModelMultipleChoiceField(
        Tag.objects.order_by("name"), to_field_name="slug", required=False,
        help_text="Never papers with one of these tags.",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("include_tags") or []) & set(data.get("exclude_tags") or [])
        if both:
            names = ", ".join(sorted(tag.name for tag in both))
            self.add_error("exclude_tags", f"Both included and excluded: {names}.")
        return data

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        return Preferences(
            frequency=data["frequency"],
            weekday=data["weekday"],
            hour=data["hour"],
            timezone=data["timezone"],
            content=data["content"],
            include_tags=list(data["include_tags"]),
            exclude_tags=list(data["exclude_tags"]),
            categories=list(data["categories"]),
        )

    @classmethod
    def initial_for(cls, subscription: Subscription | None) -> dict[str, Any]:
        if subscription is None:
            return {"frequency": "daily", "content": "picks"}
        return vars(Preferences.of(subscription))


class QuickSubscribeForm(forms.Form):
    """The daily page's form for signed-in readers: how often (the rest has defaults).
    The browser's time zone comes along in a hidden field (static/js/digest.js)."""

    frequency = forms.ChoiceField(choices=Subscription.Frequency.choices)
    timezone = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_timezone(self) -> str:
        name = self.cleaned_data.get("timezone") or "UTC"
        return name if valid_timezone(name) else "UTC"


class VisitorSubscribeForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    timezone = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_timezone(self) -> str:
        name = self.cleaned_data.get("timezone") or "UTC"
        return name if valid_timezone(name) else "UTC"
