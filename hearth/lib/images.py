"""Re-encode an uploaded picture from its pixels alone, so nothing about where it came from survives.

Phone photos carry GPS coordinates, the device, the time and sometimes the owner's name (EXIF,
XMP, IPTC, PNG text chunks, ICC profile descriptions). Stripping known fields misses unknown
ones, so the picture is decoded, copied into a fresh image holding only pixel data and encoded
again. Decoding untrusted files is itself a risk: the format list is short, the size is checked
from the header before any pixel is decoded, and every decoder error becomes a kind refusal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_SIDE = 1600
JPEG_QUALITY = 85
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


class ImageRejected(ValueError):
    """The upload cannot be used; `message` is translated and safe to show the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReencodedImage:
    """A freshly encoded picture holding pixels only."""

    data: bytes
    content_type: str
    width: int
    height: int


def _not_a_picture() -> ImageRejected:
    return ImageRejected(
        _("This file is not a picture we can use. Please choose a JPEG, PNG, WebP or GIF picture.")
    )


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA") or (
        im.mode in ("P", "L", "RGB") and "transparency" in im.info
    )


def reencode_image(
    data: bytes, *, max_bytes: int = 5_000_000, max_pixels: int = 16_000_000
) -> ReencodedImage:
    """Return `data` decoded, turned upright, shrunk to MAX_SIDE and encoded again without metadata.

    Raise ImageRejected (a message for the member) for empty, oversized, unreadable, truncated or
    unsupported files and for pictures with more than `max_pixels` pixels. Only the first frame
    of an animation is kept. Photos become JPEG; pictures with transparency become PNG.
    """
    if not data:
        raise ImageRejected(_("The file is empty. Please choose a picture."))
    if len(data) > max_bytes:
        raise ImageRejected(
            _("This picture is too large. Please choose one smaller than %(size)s MB.")
            % {"size": max(1, max_bytes // 1_000_000)}
        )
    try:
        # open() reads only the header; Pillow's own bomb guard (far above max_pixels) may
        # already refuse here.
        source = Image.open(io.BytesIO(data), formats=FORMATS)
    except Exception as error:  # noqa: BLE001 - UnidentifiedImageError, DecompressionBombError...
        raise _not_a_picture() from error
    with source:
        width, height = source.size
        if width < 1 or height < 1:
            raise _not_a_picture()
        if width * height > max_pixels:
            # Checked before load(): a tiny file can claim billions of pixels.
            raise ImageRejected(
                _("This picture has too many pixels. Please choose a smaller picture.")
            )
        try:
            source.seek(0)  # the first frame of an animation
            if source.format == "JPEG":
                # Decode at a reduced scale when the photo is far larger than what is kept.
                source.draft("RGB", (MAX_SIDE, MAX_SIDE))
            source.load()
            upright = ImageOps.exif_transpose(source)
            alpha = _has_alpha(upright)
            pixels = upright.convert("RGBA" if alpha else "RGB")
            pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            # A new image built from raw pixel bytes has an empty .info: no EXIF, ICC, XMP or
            # text chunk can ride along into the encoder.
            clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
        except Exception as error:  # noqa: BLE001 - truncated or corrupt data fails in load()
            raise ImageRejected(
                _("This picture could not be read. It may be damaged; please try another.")
            ) from error
    out = io.BytesIO()
    if alpha:
        clean.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        content_type = "image/jpeg"
    return ReencodedImage(out.getvalue(), content_type, clean.width, clean.height)
