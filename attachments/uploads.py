"""Checks every uploaded attachment passes, in every app: a size cap, a short list of types officials can open
safely, and content that matches the name (a renamed executable is not a PDF). Uploads are stored under
MEDIA_ROOT, which no URL serves: each download goes through a view that checks who is asking."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from office.archives import ATTACHMENT, MAIN_CONTENT_TYPES, office_package_problem

# What an official can open safely, by extension, with the first bytes each kind of file starts with.
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "txt": (),
}


def extension(name: str) -> str:
    """A file name's extension in lower case, without the dot ("" when it has none)."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_problem(upload: UploadedFile[bytes], limit: int | None = None) -> str | None:
    """Why an upload is refused (too large, a type we do not take, or content that is not what its name says).
    `limit` in bytes; the enterprise-services limit when not given."""
    name = upload.name or ""
    limit = limit or settings.SERVICES_MAX_ATTACHMENT_BYTES
    if not upload.size:
        return str(_("附件“%(name)s”是空文件。") % {"name": name})
    if upload.size > limit:
        return str(_("附件“%(name)s”超过 %(limit)s MB 上限。") % {"name": name, "limit": limit // (1024 * 1024)})
    suffix = extension(name)
    if suffix not in ATTACHMENT_SIGNATURES:
        return str(
            _("附件“%(name)s”的类型不受理；请上传 %(types)s 文件。") % {"name": name, "types": ", ".join(ATTACHMENT_SIGNATURES)}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = ATTACHMENT_SIGNATURES[suffix]
    if signatures and not any(head.startswith(s) for s in signatures):
        return str(_("附件“%(name)s”的内容与 .%(ext)s 格式不符。") % {"name": name, "ext": suffix})
    if suffix in MAIN_CONTENT_TYPES and (problem := office_package_problem(upload, suffix, ATTACHMENT)):
        # Any ZIP starts like a .docx; a Word or Excel file declares its main part, and does not inflate without end.
        return str(_("附件“%(name)s”：%(problem)s") % {"name": name, "problem": problem})
    if not signatures:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A cut in the middle of a multi-byte character at the end of the sample is fine.
            if len(head) < 2048 or exc.start < len(head) - 3:
                return str(_("附件“%(name)s”不是 UTF-8 文本文件。") % {"name": name})
    return None
