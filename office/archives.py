"""The check every Office file (.xlsx, .docx) passes before a parser opens it.

An Office file is a ZIP archive, and its parsers inflate what it holds: a 331 KB workbook whose shared-strings
table lists 8 million entries kept the report import busy for over two minutes and half a gigabyte. The
archive's central directory says, before anything is inflated, how large each member will be; zipfile never
inflates a member past the size it declares (a member that lies fails its checksum), so these figures bound
the work. Each use sets limits fitted to what it needs, with room to spare."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

MB = 1024 * 1024


@dataclass(frozen=True)
class PackageLimits:
    """How much one archive may inflate to: in all, in its largest member, and as a multiple of its stored size
    (checked on members above a megabyte, since small XML parts compress far better than data)."""

    total_bytes: int
    member_bytes: int
    ratio: int = 100
    members: int = 1000


# A 20,000-row report template written by openpyxl inflates to about 25 MB (32 MB when every cell repeats).
REPORT_WORKBOOK = PackageLimits(total_bytes=64 * MB, member_bytes=64 * MB)
# A department feed may run to Excel's 1,048,576 rows of a few columns.
FEED_WORKBOOK = PackageLimits(total_bytes=512 * MB, member_bytes=512 * MB)
# The 台账 is loaded in full (merged cells, links) and holds a few hundred tasks.
LEDGER_WORKBOOK = PackageLimits(total_bytes=32 * MB, member_bytes=32 * MB)
# The longest law's document.xml is a few megabytes; pictures are stored compressed already.
POLICY_DOCUMENT = PackageLimits(total_bytes=128 * MB, member_bytes=48 * MB)
# Attachments are stored, not parsed, but an official's Word or Excel opens them.
ATTACHMENT = PackageLimits(total_bytes=256 * MB, member_bytes=128 * MB)

# The part each format's main content type names, as [Content_Types].xml declares it.
MAIN_CONTENT_TYPES = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ),
}
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class PackageRefused(ValueError):
    """The archive is not a readable Office file of its kind, or (`oversized`) would inflate past its limits."""

    def __init__(self, message: str, *, oversized: bool = False):
        super().__init__(message)
        self.oversized = oversized


def check_office_package(data: bytes | IO[bytes], kind: str, limits: PackageLimits) -> None:
    """Raise PackageRefused with a sentence for the uploader unless `data` is a `kind` ("xlsx" or "docx")
    Office package within `limits`. Reads the central directory and the small content-types part only."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
            _check_sizes(members, limits)
            _check_main_part(package, {m.filename for m in members}, kind)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, PackageRefused):
            raise
        raise PackageRefused(_("文件不是完整的 .%(kind)s 文件（压缩包无法读取）。") % {"kind": kind}) from None
    finally:
        if not isinstance(data, bytes):
            data.seek(0)


def office_package_problem(data: bytes | IO[bytes], kind: str, limits: PackageLimits) -> str | None:
    try:
        check_office_package(data, kind, limits)
    except PackageRefused as refused:
        return str(refused)
    return None


def _check_sizes(members: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if len(members) > limits.members:
        raise PackageRefused(
            _("文件内含 %(count)d 个部件，超过 %(limit)d 个的上限。") % {"count": len(members), "limit": limits.members},
            oversized=True,
        )
    total = sum(m.file_size for m in members)
    if total > limits.total_bytes:
        raise PackageRefused(
            _("文件解压后共 %(size)s MB，超过 %(limit)s MB 的上限；请拆分后再上传。")
            % {"size": _megabytes(total), "limit": _megabytes(limits.total_bytes)},
            oversized=True,
        )
    for member in members:
        if member.file_size > limits.member_bytes:
            raise PackageRefused(
                _("文件中的“%(part)s”解压后 %(size)s MB，超过 %(limit)s MB 的上限；请拆分后再上传。")
                % {"part": member.filename, "size": _megabytes(member.file_size), "limit": _megabytes(limits.member_bytes)},
                oversized=True,
            )
        if member.file_size > MB and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise PackageRefused(
                _("文件中的“%(part)s”压缩比异常（解压后是压缩时的 %(ratio)d 倍），疑为恶意构造，未予读取。")
                % {"part": member.filename, "ratio": member.file_size // max(member.compress_size, 1)},
                oversized=True,
            )


def _check_main_part(package: zipfile.ZipFile, names: set[str], kind: str) -> None:
    """The content-types part declares the format's main part, and that part is in the archive: a ZIP that
    merely holds a file called [Content_Types].xml and a word/ folder is not a Word file."""
    not_this_kind = PackageRefused(_("文件的内容与 .%(kind)s 格式不符。") % {"kind": kind})
    if CONTENT_TYPES_PART not in names or package.getinfo(CONTENT_TYPES_PART).file_size > MB:
        raise not_this_kind
    try:
        root = ElementTree.fromstring(package.read(CONTENT_TYPES_PART))
    except ElementTree.ParseError:
        raise not_this_kind from None
    main_types = MAIN_CONTENT_TYPES[kind]
    for override in root.iter(f"{CONTENT_TYPES_NS}Override"):
        if override.get("ContentType") in main_types and override.get("PartName", "").lstrip("/") in names:
            return
    raise not_this_kind


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}"
