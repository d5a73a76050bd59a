from django import forms


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for forms of any versioned model
    """Carries the version the editor started from, so a later save by someone else is detected."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
