"""Uploaded photos: decided by their content, re-encoded without metadata, stored randomly named.

Every photo that users upload (EST reports, tips, Open311, activity records) goes through
:func:`clean_photo`: Pillow must recognise the bytes as JPEG, PNG or WebP (the file name and the
browser's content type are ignored), the pixel count is bounded before decoding (a
decompression bomb is refused, not decoded), and the pixels are re-encoded as a fresh JPEG
without any metadata block (EXIF, GPS, XMP, ICC, comments) and without anything appended to
the original file (polyglots lose their payload). The stored name is random
(:func:`random_photo_name`), never the uploader's.
"""

from __future__ import annotations

import errno
import io
import secrets
import warnings
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models

MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTO_SIDE = 2000
# 50 megapixels: above any phone's default photo, far below what exhausts a worker's memory.
MAX_PHOTO_PIXELS = 50_000_000
STORAGE_FULL = ("Det gick inte att spara filen: lagringsutrymmet är fullt. Försök igen senare "
                "eller kontakta administratören.")
STORAGE_FAILED = "Det gick inte att spara filen. Försök igen senare eller kontakta administratören."


def random_photo_name(prefix: str) -> str:
    """``<prefix>/<24 random hex>.jpg``: unguessable and free of anything the uploader chose."""
    return f"{prefix.strip('/')}/{secrets.token_hex(12)}.jpg"


def clean_photo(upload: UploadedFile, *, field: str = "photos") -> ContentFile[bytes]:
    """Check a photo by its content and re-encode it as JPEG without any metadata.

    Returns a ``ContentFile`` named ``photo.jpg`` with ``image_size`` (width, height) set.
    Raises ``ValidationError({field: message})`` (Swedish) for files over 8 MB, content that
    is not a JPEG, PNG or WebP image (whatever the file is called), and images of more than
    ``MAX_PHOTO_PIXELS`` pixels.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({field: "Bilden är större än 8 MB."})
    too_many_pixels = ValidationError({field: (
        f"Bilden har för många bildpunkter; högst {MAX_PHOTO_PIXELS // 1_000_000} miljoner "
        "bildpunkter tas emot. Ta en ny bild eller förminska den.")})
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in PHOTO_FORMATS:
                    raise ValidationError({field: "Bara JPEG-, PNG- och WebP-bilder tas emot."})
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise too_many_pixels
                image.load()
                # Turn the pixels the way the camera meant, then drop every metadata block.
                upright = ImageOps.exif_transpose(image).convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({field: "Filen är ingen bild som kan läsas."}) from error
    upright.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    content = ContentFile(out.getvalue(), name="photo.jpg")
    content.image_size = clean.size  # type: ignore[attr-defined]
    return content


def store_photos(make: Callable[[int, int], models.Model], cleaned: Iterable[ContentFile[bytes]],
                 *, field: str = "photos", image_field: str = "image") -> None:
    """Write re-encoded photos (from :func:`clean_photo`) as rows made by ``make(width,
    height)``. A failing write (full disk) removes the files already written and raises
    ValidationError on ``field``, so the caller's transaction rolls back with nothing left."""
    written: list[models.Model] = []
    try:
        for content in cleaned:
            width, height = content.image_size  # type: ignore[attr-defined]
            photo = make(width, height)
            getattr(photo, image_field).save("photo.jpg", content, save=False)
            written.append(photo)
            photo.save()
    except OSError as error:
        for photo in written:
            getattr(photo, image_field).delete(save=False)
        full = error.errno in {errno.ENOSPC, errno.EDQUOT}
        raise ValidationError({field: STORAGE_FULL if full else STORAGE_FAILED}) from error
