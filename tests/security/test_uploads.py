"""Uploads are checked by their content, not their name, and re-encoded without metadata."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from lianxin.casework.models import Case, Category
from lianxin.casework.photos import check_photos
from tests.factories import TINY_PNG, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
GPS = ExifTags.IFD.GPSInfo


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), "darkred")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (34.0, 45.0, 12.0), 3: "E", 4: (113.0, 42.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_the_test_photo_really_has_a_location() -> None:
    with Image.open(io.BytesIO(jpeg_with_location())) as image:
        assert image.getexif().get_ifd(GPS)


def test_a_png_named_jpg_is_fine_and_a_text_named_jpg_is_refused() -> None:
    [(clean, content_type, size)] = check_photos([SimpleUploadedFile("photo.jpg", TINY_PNG)])
    assert content_type == "image/png" and clean.name == "photo.png" and size == clean.size
    with pytest.raises(ValidationError) as caught:
        check_photos([SimpleUploadedFile("photo.jpg", b"just some text, not a picture")])
    assert "photo.jpg" in caught.value.message_dict["photos"][0]


def test_a_broken_image_with_a_right_signature_is_refused() -> None:
    with pytest.raises(ValidationError):
        check_photos([SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200)])


def test_exif_is_stripped() -> None:
    [(clean, content_type, _size)] = check_photos([SimpleUploadedFile("现场.jpg", jpeg_with_location())])
    assert content_type == "image/jpeg"
    clean.seek(0)
    with Image.open(clean) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_resident_upload_is_kept_without_location(client: Any, tree: Any) -> None:
    resident = UserFactory.create()
    PersonFactory.create(node=tree.building, user=resident)
    client.force_login(resident)
    category = Category.objects.get(code="city-garbage")
    response = client.post(
        reverse("app-case-new"),
        {
            "case_type": "complaint",
            "category": category.pk,
            "text": "楼道堆物",
            "photos": [SimpleUploadedFile("IMG_0001.jpg", jpeg_with_location(), content_type="image/jpeg")],
        },
    )
    assert response.status_code == 302
    photo = Case.objects.get(text="楼道堆物").photos.get()
    served = client.get(reverse("case-photo", args=[photo.case_id, photo.pk]))
    data = b"".join(served.streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and not image.getexif()
