"""Choice fields for directory objects that show each option in the interface language."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language


def _label(obj) -> str:
    display = getattr(obj, "display_name", None)
    return display(get_language()) if display else str(obj)


class LocalizedModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _label(obj)


class LocalizedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _label(obj)
