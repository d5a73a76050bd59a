"""The upload field every attachment form uses: several files at once, each passed by attachment_problem."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attachments.uploads import attachment_problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _help_text(limit_setting: str) -> str:
    return _("PDF、Word（.docx）、Excel（.xlsx）、图片或文本，每个不超过 %(mb)d MB") % {
        "mb": getattr(settings, limit_setting) // (1024 * 1024)
    }


# Built when a page is rendered, in its language and with the configured limit.
_lazy_help_text = lazy(_help_text, str)


class AttachmentsField(forms.FileField):
    """Optional files, each within the size limit the setting `limit_setting` names, of a type officials can open
    and with content that matches its name."""

    def __init__(self, *args: Any, limit_setting: str = "SERVICES_MAX_ATTACHMENT_BYTES", **kwargs: Any):
        self.limit_setting = limit_setting
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("附件"))
        kwargs.setdefault("help_text", _lazy_help_text(limit_setting))
        super().__init__(*args, **kwargs)

    def problem(self, upload: UploadedFile[bytes]) -> str | None:
        """Why this upload is refused, or None."""
        return attachment_problem(upload, getattr(settings, self.limit_setting))

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [forms.FileField.clean(self, f, initial) for f in files]
        problems = [p for p in map(self.problem, cleaned) if p]
        if problems:
            raise ValidationError(problems)
        return cleaned
