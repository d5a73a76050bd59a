"""The one shape of an uploaded file, whatever it is attached to (a progress report, an issue, an application):
each app's model adds only the foreign key it hangs from and where its files are stored."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    # Each subclass overrides `file` with its own upload_to folder.
    file = models.FileField(_("文件"))
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("类型"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def store(cls, upload: UploadedFile[bytes], user: Any, **attached_to: Any) -> Self:
        """Keep an upload (already passed by attachments.uploads.attachment_problem), with the name it came with."""
        return cls._default_manager.create(
            file=upload,
            name=(upload.name or "")[:255],
            size=upload.size or 0,
            content_type=upload.content_type or "application/octet-stream",
            uploaded_by=user,
            **attached_to,
        )
