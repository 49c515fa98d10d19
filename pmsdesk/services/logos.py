"""An organisation's logo: checked to be a real PNG or JPEG picture, scaled, stored as PNG.

Printouts draw it in a header 13 mm high, so anything above :data:`MAX_SIDE`
pixels is wasted space in the database and in every PDF.
"""

from __future__ import annotations

import io
from pathlib import Path

from pmsdesk.i18n import _

from .errors import ValidationError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512
ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # phones save JPEGs as MPO


def read_logo_file(path: str | Path, field: str = "logo") -> bytes:
    """The bytes of the file at ``path``, refused before reading when it is too large."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ValidationError.single(field, _("{0}: cannot be read ({1})").format(path, error.strerror)) from None
    if size > MAX_BYTES:
        raise ValidationError.single(field, _(
                "{0} is {1:.0f} MB; use a logo of at most "
                "{2} MB").format(path.name, size / 1024 / 1024, MAX_BYTES // 1024 // 1024))
    return path.read_bytes()


def prepared_logo(content: bytes, field: str = "logo", name: str = "the logo") -> bytes:
    """``content`` checked and scaled to at most MAX_SIDE pixels a side, as PNG bytes.

    Raises ValidationError when it is too large, not a picture, or not PNG/JPEG.
    """
    from PIL import Image, UnidentifiedImageError  # only when a logo is chosen

    if len(content) > MAX_BYTES:
        raise ValidationError.single(field, _(
                "{0} is {1:.0f} MB; use a logo of at "
                "most {2} MB").format(name, len(content) / 1024 / 1024, MAX_BYTES // 1024 // 1024))
    try:
        with Image.open(io.BytesIO(content)) as picture:
            if picture.format not in ACCEPTED_FORMATS:
                raise ValidationError.single(field, _(
                        "{0} is a {1} picture; use a PNG or JPEG file").format(name, picture.format))
            picture.load()
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            converted = picture.convert("RGBA") if picture.mode not in ("RGB", "RGBA", "L", "LA") else picture
            out = io.BytesIO()
            converted.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError.single(field, _(
                "{0} is not a PNG or JPEG picture; choose the logo image file itself").format(name)) from None
    return out.getvalue()
