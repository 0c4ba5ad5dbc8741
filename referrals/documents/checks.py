"""Supporting documents: what a referrer may upload, checked by content as well as by name.

A file is accepted only when its extension is on the list AND its first bytes (and, for the
zip-based formats, its entries) are what that extension promises. A renamed program, an SVG
(which can carry script), an empty or oversized file are refused with a message. The name is
reduced to a plain file name; the file itself is stored under a random name outside any
public URL (referrals.models._document_path) and served only through a view that checks who
asks (documents/views.py). The review cases' and the publications' uploads use the same checks.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from ..models import Referral

MAX_DOCUMENTS = 10
MAX_NAME_LENGTH = 200  # ReferralDocument.original_name

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADER = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
PROGRAM_HEADERS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")

ACCEPTED = "a PDF, Word document (.doc or .docx), OpenDocument text (.odt) or image (.png, .jpg or .gif)"


@dataclass(frozen=True)
class FileType:
    content_type: str
    description: str


TYPES = {
    ".pdf": FileType("application/pdf", "PDF"),
    ".doc": FileType("application/msword", "Word document"),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"
    ),
    ".odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument text"),
    ".png": FileType("image/png", "PNG image"),
    ".jpg": FileType("image/jpeg", "JPEG image"),
    ".jpeg": FileType("image/jpeg", "JPEG image"),
    ".gif": FileType("image/gif", "GIF image"),
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def check_upload(upload) -> CheckedUpload:
    """The upload's safe name and real type, or a ValidationError saying what is wrong."""
    name = safe_name(upload.name or "")
    extension = _extension(name)
    if extension not in TYPES:
        raise ValidationError(f"The selected file must be {ACCEPTED}", code="type")
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    limit = settings.CSCP_UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(f"The selected file must be smaller than {limit} MB", code="size")
    head = _head(upload)
    if head.startswith(PROGRAM_HEADERS):
        raise ValidationError(
            f"The selected file is a program, not {ACCEPTED}. Programs cannot be uploaded", code="program"
        )
    if sniff(upload, head) != extension_family(extension):
        kind = TYPES[extension].description
        raise ValidationError(
            f"The selected file is not a real {kind}: its contents do not match its name. Upload {ACCEPTED}",
            code="mismatch",
        )
    return CheckedUpload(name=name, content_type=TYPES[extension].content_type, size=upload.size)


def safe_name(name: str) -> str:
    """Only the last part of a path, without control characters or leading dots, and short
    enough to store. Browsers send a bare name, but a hand-made request may send a path:
    the path is dropped rather than refused, since the name is only ever shown back."""
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(name.split())
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").lstrip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        name = (
            stem[: MAX_NAME_LENGTH - len(extension) - 1] + dot + extension if dot else name[:MAX_NAME_LENGTH]
        )
    return name


def extension_family(extension: str) -> str:
    return {".jpeg": ".jpg"}.get(extension, extension)


def sniff(upload, head: bytes) -> str | None:
    """The extension the content really has, or None when it is none of ours."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head.startswith(OLE_HEADER):
        return ".doc"
    if head.startswith(ZIP_HEADER):
        return _sniff_zip(upload)
    return None


def _sniff_zip(upload) -> str | None:
    # Reads only the zip's directory and the tiny `mimetype` entry, never the whole archive.
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            if small and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return ".odt"
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return ".docx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, NotImplementedError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def _head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def too_many_documents(referral: Referral) -> bool:
    return referral.documents.count() >= MAX_DOCUMENTS
