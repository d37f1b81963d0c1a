"""Photos with a request: only real images, not too large, shown only to who may see the case."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.casework.models import Case, Category
from tests.factories import TINY_PNG, PersonFactory, UserFactory


def submit(client: Any, *files: SimpleUploadedFile) -> Any:
    category = Category.objects.get(code="city-garbage")
    data: dict[str, Any] = {
        "case_type": "complaint",
        "category": category.pk,
        "text": "垃圾堆放",
        "photos": list(files),
    }
    return client.post(reverse("app-case-new"), data)


def test_a_photo_is_kept_and_shown_to_who_may_see_the_case(client: Any, tree: Any, cast: Any) -> None:
    client.force_login(cast.reporter)
    response = submit(client, SimpleUploadedFile("现场.png", TINY_PNG, content_type="image/png"))
    case = Case.objects.get(text="垃圾堆放")
    assert response.status_code == 302 and case.photos.count() == 1
    photo = case.photos.get()
    assert (photo.content_type, photo.size) == ("image/png", len(TINY_PNG))
    url = reverse("case-photo", args=[case.pk, photo.pk])
    assert url in client.get(reverse("app-case", args=[case.pk])).content.decode()
    served = client.get(url)
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == TINY_PNG
    client.force_login(cast.dispatcher)
    assert client.get(url).status_code == 200
    neighbour = UserFactory.create()
    PersonFactory.create(node=tree.building, user=neighbour)
    client.force_login(neighbour)
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_kept(
    client: Any, tree: Any, cast: Any
) -> None:
    client.force_login(cast.reporter)
    response = submit(
        client, SimpleUploadedFile("photo.jpg", b"MZ\x90\x00not a photo", content_type="image/jpeg")
    )
    assert response.status_code == 200 and "photo.jpg" in response.content.decode()
    assert not Case.objects.filter(text="垃圾堆放").exists()


def test_a_photo_too_large_is_refused(client: Any, tree: Any, cast: Any, settings: Any) -> None:
    settings.CASE_PHOTO_MAX_BYTES = 2**20
    client.force_login(cast.reporter)
    big = TINY_PNG + b"\x00" * (2**20)
    response = submit(client, SimpleUploadedFile("big.png", big, content_type="image/png"))
    assert response.status_code == 200 and "1 MB" in response.content.decode()
    assert not Case.objects.filter(text="垃圾堆放").exists()
