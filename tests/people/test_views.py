"""The people pages as a community as_worker uses them."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.urls import reverse

from lianxin.core.models import AuditLog, RoleGrant
from lianxin.core.roles import Role
from lianxin.people.models import Person
from tests.factories import PersonFactory, UserFactory, grant, roster_xlsx, valid_id


def test_register_with_a_bad_phone_shows_the_error_in_chinese_and_saves_nothing(client, tree, as_worker):
    before = Person.objects.count()
    response = client.post(
        reverse("people:add"),
        {
            "name": "新居民",
            "gender": "female",
            "phone": "12345",
            "node": tree.building.pk,
            "is_resident": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请输入有效的联系电话" in page and 'aria-invalid="true"' in page
    assert Person.objects.count() == before


def test_register_and_find_by_initials(client, tree, as_worker):
    response = client.post(
        reverse("people:add"),
        {
            "name": "张三",
            "gender": "male",
            "phone": "13800001111",
            "id_number": valid_id(7),
            "node": tree.building.pk,
            "is_resident": "on",
        },
    )
    person = Person.objects.get(name="张三")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.grid == tree.grid and person.building == tree.building
    listing = client.get(reverse("people:list"), {"q": "zs"}).content.decode()
    assert "张三" in listing and "138****1111" in listing and "13800001111" not in listing


def test_edit_leaves_personal_data_alone_when_left_blank(client, tree, as_worker):
    person = PersonFactory.create(node=tree.building, name="李四", phone="13900002222")
    form = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert "13900002222" not in form and "139****2222" in form
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        {"name": "李四光", "gender": "male", "phone": "", "id_number": "", "node": tree.building.pk},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "李四光" and person.phone == "13900002222"


def test_reveal_shows_the_number_once_and_audits_it(client, tree, as_worker):
    person = PersonFactory.create(node=tree.building, phone="13700003333")
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "137****3333" in page and "13700003333" not in page
    response = client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    assert response.status_code == 200 and "13700003333" in response.content.decode()
    entry = AuditLog.objects.get(action="people.person.reveal", actor=as_worker)
    assert entry.detail == {"field": "phone"} and entry.object_id == str(person.pk)


def test_roster_upload_with_a_bad_row_lists_it_and_imports_nobody(client, tree, as_worker):
    before = Person.objects.count()
    rows = [
        ["居民甲", "男", "13800000001", valid_id(1), "1号楼"],
        ["居民乙", "女", "1380000", valid_id(2), "1号楼"],
    ]
    response = client.post(reverse("people:roster"), {"within": tree.community.pk, "file": roster_xlsx(rows)})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="roster-errors"' in page
    assert "<td>3</td><td>手机号</td>" in page
    assert Person.objects.count() == before


def test_roster_upload_of_good_rows_imports_them(client, tree, as_worker):
    rows = [["居民丙", "男", "13800000003", valid_id(3), "1号楼"], ["居民丁", "女", "", "", ""]]
    response = client.post(reverse("people:roster"), {"within": tree.community.pk, "file": roster_xlsx(rows)})
    assert response.status_code == 302
    assert set(Person.objects.filter(name__in=["居民丙", "居民丁"]).values_list("node__name", flat=True)) == {
        "1号楼",
        "东一社区",
    }


def test_roster_export_downloads_a_workbook(client, tree, as_worker):
    PersonFactory.create(node=tree.building)
    response = client.get(reverse("people:roster-export"), {"within": tree.community.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_staff_give_a_resident_a_log_in_and_a_role(client, tree):
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client.force_login(staff)
    person = PersonFactory.create(node=tree.building, name="新网格员")

    weak = client.post(
        reverse("people:account", args=[person.pk]),
        {"username": "wgy", "password": "123", "password_again": "123"},
    )
    assert weak.status_code == 200 and 'aria-invalid="true"' in weak.content.decode()
    client.post(
        reverse("people:account", args=[person.pk]),
        {"username": "wgy", "password": "Grid-pass-2026", "password_again": "Grid-pass-2026"},
    )
    person.refresh_from_db()
    assert person.user is not None and authenticate(username="wgy", password="Grid-pass-2026") == person.user

    client.post(reverse("people:grant", args=[person.pk]), {"role": "grid_worker", "node": tree.grid.pk})
    held = RoleGrant.objects.get(user=person.user)
    assert (held.role, held.node) == ("grid_worker", tree.grid)
    assert "网格员" in client.get(reverse("people:detail", args=[person.pk])).content.decode()

    client.post(reverse("people:revoke", args=[held.pk]))
    assert not RoleGrant.objects.filter(user=person.user).exists()


def test_only_superusers_are_offered_the_auditor_role(client, tree):
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client.force_login(staff)
    person = PersonFactory.create(node=tree.building, user=UserFactory.create())
    page = client.get(reverse("people:grant", args=[person.pk])).content.decode()
    assert 'value="grid_worker"' in page and 'value="auditor"' not in page
