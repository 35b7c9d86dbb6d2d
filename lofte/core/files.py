"""Serving uploaded files through the app, after the caller's access check.

Nothing under ``MEDIA_ROOT`` is served by the web server directly (``docs/deploy.md``): each kind
of upload has a view that first reads its record through the app's ``access.py`` (404 for
other collaborations) and then answers with :func:`serve_upload`, which

* takes the content type from the stored bytes (magic numbers), not from the file name, and
  only from a whitelist; anything else goes out as ``application/octet-stream`` attachment;
* sends ``X-Content-Type-Options: nosniff``, ``Content-Security-Policy: sandbox;
  default-src 'none'`` (a file opened on its own can run nothing, even if a browser did
  render it as HTML), ``Cache-Control: private`` (no shared cache keeps a copy) and a
  ``Content-Disposition`` with a plain ASCII file name chosen by the app, never the uploader's.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

# Content types that may be sent as such, and the extension of the name sent with them.
SERVED_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}
FALLBACK_TYPE = "application/octet-stream"
SANDBOX_POLICY = "sandbox; default-src 'none'"


def sniff_content_type(head: bytes) -> str:
    """The whitelisted content type that the first bytes of a file prove, else the fallback."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return FALLBACK_TYPE


def safe_filename(stem: str, content_type: str) -> str:
    """An ASCII file name made from ``stem`` (letters, digits, ``-`` and ``_`` only), with the
    extension that belongs to ``content_type``: ``"foto-12"`` → ``"foto-12.jpg"``."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-")[:80] or "fil"
    extension = SERVED_TYPES.get(content_type, "bin")
    return f"{ascii_stem}.{extension}"


def serve_upload(file: FieldFile, *, stem: str) -> FileResponse:
    """Answer with the stored file; call only after the record's access check.

    Raises Http404 when the file is missing from storage.
    """
    if not file.name:
        raise Http404
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise Http404 from error
    head = handle.read(16)
    handle.seek(0)
    content_type = sniff_content_type(head)
    is_inline = content_type in INLINE_TYPES
    response = FileResponse(handle, content_type=content_type, as_attachment=not is_inline,
                            filename=safe_filename(stem, content_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
