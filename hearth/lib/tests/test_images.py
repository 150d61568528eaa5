import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from hearth.lib.images import MAX_SIDE, ImageRejected, ReencodedImage, reencode_image

SECRET = "CANARY-7f3a9c-HOME-ADDRESS"


def _exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CANARY-CAMERA-MAKER"
    exif[ExifTags.Base.Artist] = SECRET
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def _jpeg(size=(64, 48), colour=(200, 30, 30), **save):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", **save)
    return out.getvalue()


def _png_with_text(mode="RGB"):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Location", SECRET + "-ZIP", zip=True)
    info.add_itxt("Author", SECRET + "-INTL")
    out = io.BytesIO()
    colour = (10, 200, 10, 128) if mode == "RGBA" else (10, 200, 10)
    Image.new(mode, (30, 20), colour).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _png_chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def _png_claiming(width, height):
    """A tiny PNG whose header claims `width` x `height` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _reopen(result):
    return Image.open(io.BytesIO(result.data))


def test_jpeg_loses_exif_gps_xmp_and_icc_profile():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET}</rdf:Description>'
    original = _jpeg(exif=_exif_with_gps().tobytes(), icc_profile=srgb, xmp=xmp.encode())
    assert b"Exif" in original and SECRET.encode() in original  # the fixture really carries them
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    result = reencode_image(original)

    assert isinstance(result, ReencodedImage) and result.content_type == "image/jpeg"
    reopened = _reopen(result)
    assert reopened.format == "JPEG" and (reopened.width, reopened.height) == (64, 48)
    assert dict(reopened.getexif()) == {}
    assert not reopened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in reopened.info and "icc_profile" not in reopened.info
    assert "xmp" not in reopened.info
    for marker in (
        b"Exif",
        b"CANARY",
        b"http://ns.adobe.com/xap",
        b"adobe:ns:meta",
        b"ICC_PROFILE",
    ):
        assert marker not in result.data


def test_png_loses_text_chunks():
    original = _png_with_text()
    assert SECRET.encode() in original

    result = reencode_image(original)

    reopened = _reopen(result)
    assert result.content_type == "image/jpeg"  # no transparency: stored as a photo
    assert not getattr(reopened, "text", {}) and "Comment" not in reopened.info
    for marker in (SECRET.encode(), b"tEXt", b"zTXt", b"iTXt", b"Comment", b"Exif"):
        assert marker not in result.data


def test_png_with_transparency_stays_png_without_its_text_chunks():
    result = reencode_image(_png_with_text("RGBA"))
    reopened = _reopen(result)
    assert result.content_type == "image/png" and reopened.format == "PNG"
    assert reopened.mode == "RGBA" and reopened.getpixel((0, 0))[3] == 128
    assert not reopened.text and set(reopened.info) <= {"dpi", "gamma"}
    assert SECRET.encode() not in result.data and b"tEXt" not in result.data


def test_png_exif_chunk_is_dropped():
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, format="PNG", exif=_exif_with_gps())
    assert b"eXIf" in out.getvalue()
    result = reencode_image(out.getvalue())
    assert b"eXIf" not in result.data and SECRET.encode() not in result.data
    assert dict(_reopen(result).getexif()) == {}


def test_exif_orientation_is_applied_before_the_metadata_goes():
    # Orientation 6: the camera was turned; the stored 40x20 picture displays as 20x40.
    result = reencode_image(_jpeg(size=(40, 20), exif=_exif_with_gps(orientation=6).tobytes()))
    assert (result.width, result.height) == (20, 40)
    assert _reopen(result).size == (20, 40)
    assert dict(_reopen(result).getexif()) == {}


def test_large_photos_are_scaled_down_to_the_longest_side():
    result = reencode_image(_jpeg(size=(4000, 1000)))
    assert (result.width, result.height) == (MAX_SIDE, 400)
    assert _reopen(result).size == (MAX_SIDE, 400)


def test_small_pictures_keep_their_size():
    result = reencode_image(_jpeg(size=(300, 200)))
    assert (result.width, result.height) == (300, 200)


def test_animated_gif_keeps_only_the_first_frame():
    frames = [Image.new("RGB", (16, 16), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], comment=SECRET)
    assert Image.open(io.BytesIO(out.getvalue())).n_frames == 2

    result = reencode_image(out.getvalue())

    reopened = _reopen(result)
    assert getattr(reopened, "n_frames", 1) == 1
    red, green, blue = reopened.convert("RGB").getpixel((8, 8))
    assert red > 200 and blue < 60
    assert SECRET.encode() not in result.data


def test_webp_is_accepted_and_re_encoded():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(out, format="WEBP", exif=_exif_with_gps())
    result = reencode_image(out.getvalue())
    assert result.content_type == "image/jpeg" and (result.width, result.height) == (20, 10)
    assert b"Exif" not in result.data and SECRET.encode() not in result.data


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Dear diary, this is a plain text file.\n" * 10,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
    ],
    ids=["empty", "text", "pdf", "png-signature-only", "jpeg-signature-only"],
)
def test_files_that_are_not_pictures_are_refused(data):
    with pytest.raises(ImageRejected) as caught:
        reencode_image(data)
    assert caught.value.message and str(caught.value) == caught.value.message


def test_empty_file_gets_its_own_message():
    with pytest.raises(ImageRejected, match="empty"):
        reencode_image(b"")


def test_truncated_jpeg_is_refused():
    whole = _jpeg(size=(400, 300), colour=(10, 120, 240))
    with pytest.raises(ImageRejected, match="could not be read"):
        reencode_image(whole[: len(whole) // 2])


def test_decompression_bomb_header_is_refused_before_decoding():
    with pytest.raises(ImageRejected):
        reencode_image(_png_claiming(50_000, 50_000))


def test_too_many_pixels_is_refused_from_the_header():
    bomb = _png_claiming(5_000, 5_000)
    assert len(bomb) < 200
    with pytest.raises(ImageRejected, match="too many pixels"):
        reencode_image(bomb)


def test_pixel_limit_is_configurable():
    with pytest.raises(ImageRejected, match="too many pixels"):
        reencode_image(_jpeg(size=(100, 100)), max_pixels=9_999)


def test_oversized_file_is_refused():
    data = _jpeg(size=(64, 64))
    with pytest.raises(ImageRejected, match="too large"):
        reencode_image(data, max_bytes=len(data) - 1)


@pytest.mark.parametrize("kind", ["BMP", "TIFF", "ICO"])
def test_other_picture_formats_are_refused(kind):
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(out, format=kind)
    with pytest.raises(ImageRejected, match="JPEG, PNG, WebP or GIF"):
        reencode_image(out.getvalue())


def test_cmyk_jpeg_becomes_rgb():
    out = io.BytesIO()
    Image.new("CMYK", (10, 10), (0, 255, 255, 0)).save(out, format="JPEG")
    result = reencode_image(out.getvalue())
    assert _reopen(result).mode == "RGB"
