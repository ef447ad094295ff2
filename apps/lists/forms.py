from django import forms

from .models import ReadingList
from .services import DESCRIPTION_MAX, NAME_MAX


class ReadingListForm(forms.Form):
    """Rendering and field types only: the services check the values (ListError)."""

    name = forms.CharField(max_length=NAME_MAX)
    description = forms.CharField(
        max_length=DESCRIPTION_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.TypedChoiceField(
        choices=ReadingList.Visibility.choices,
        initial=ReadingList.Visibility.PRIVATE,
        required=False,
        empty_value=ReadingList.Visibility.PRIVATE,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="BibTeX file (.bib)")
