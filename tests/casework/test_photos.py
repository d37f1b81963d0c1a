"""Photos with a request: only real images, not too large, shown only to who may see the case."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lianxin.casework.models import Case, CaseEvent, CasePhoto, Category
from lianxin.casework.services import Step, case_transition
from tests.casework.conftest import case_in
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
    # Kept re-encoded (metadata dropped): the same picture, not the same bytes.
    assert photo.content_type == "image/png" and photo.size == photo.image.size
    url = reverse("case-photo", args=[case.pk, photo.pk])
    assert url in client.get(reverse("app-case", args=[case.pk])).content.decode()
    served = client.get(url)
    assert served["Content-Type"] == "image/png"
    kept = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert kept.size == Image.open(io.BytesIO(TINY_PNG)).size
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


def test_the_unit_replies_with_proof_photos_the_resident_sees_them(client: Any, tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "in_progress")
    client.force_login(cast.unit)
    page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="reply-photos"' in page
    proof = SimpleUploadedFile("整改后.png", TINY_PNG, content_type="image/png")
    response = client.post(
        reverse("case-step", args=[case.pk, "reply"]), {"reply-reply": "已拆除飞线", "reply-photos": [proof]}
    )
    assert response.status_code == 302
    reply = CaseEvent.objects.get(case=case, action="reply")
    photo = reply.photos.get()
    assert photo.case_id == case.pk and photo.uploaded_by == cast.unit
    client.force_login(cast.reporter)
    detail = client.get(reverse("app-case", args=[case.pk])).content.decode()
    url = reverse("case-photo", args=[case.pk, photo.pk])
    assert url in detail and client.get(url).status_code == 200


def test_a_bad_proof_photo_refuses_the_reply_and_changes_nothing(client: Any, tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "in_progress")
    client.force_login(cast.unit)
    fake = SimpleUploadedFile("proof.png", b"MZ\x90\x00not an image", content_type="image/png")
    response = client.post(
        reverse("case-step", args=[case.pk, "reply"]), {"reply-reply": "已处理", "reply-photos": [fake]}
    )
    assert response.status_code == 400 and "JPEG" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == "in_progress"
    assert not CaseEvent.objects.filter(case=case, action="reply").exists()
    assert not CasePhoto.objects.filter(case=case).exists()


def test_photos_go_only_with_a_reply(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "acknowledged")
    upload = SimpleUploadedFile("x.png", TINY_PNG, content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=cast.unit, case=case, action="start", step=Step(photos=[upload]))
    assert "photos" in refused.value.message_dict
