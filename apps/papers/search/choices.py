"""The search form's tag and category menus, cheap to build on every search.

Django renders a `<select>` through a template per option (about 0.05 ms each: some
200 options made the form the dearest part of a search page) and reads a model
field's choices through a server-side cursor (DECLARE, FETCH, CLOSE: three round
trips for a few dozen rows). `ListedModelChoiceField` reads them with one plain
query and renders them with `format_html`, the same markup (the attribute order
aside, which HTML ignores).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString


class ListedChoiceIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class OptionsSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            self._options(self.choices, chosen),
        )

    def _options(self, choices: Any, chosen: set[str]) -> SafeString:
        rendered = []
        for option_value, label in choices:
            if isinstance(label, list | tuple):  # a group of choices
                group = self._options(label, chosen)
                rendered.append(
                    format_html('<optgroup label="{}">{}</optgroup>', option_value, group)
                )
                continue
            value = "" if option_value is None else str(option_value)
            selected = " selected" if value in chosen else ""
            rendered.append(format_html('<option value="{}"{}>{}</option>', value, selected, label))
        return SafeString("".join(rendered))


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator
    widget = OptionsSelect
