from django import forms


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, so a later save by someone else is detected."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
