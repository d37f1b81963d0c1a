from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.permissions import NotInScope
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Gender, Person, User
from lianxin.people.roster import ROSTER_COLUMNS, RosterResult, roster_export, roster_import, roster_template
from tests.conftest import Tree
from tests.factories import PersonFactory, UserFactory, grant, node, valid_id

TITLES = [title for _field, title in ROSTER_COLUMNS]


def rid(seed: int) -> str:
    """A valid ID number that never collides with the factory's (another region code)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"110105{1950 + seed % 50:04d}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def phone(seed: int) -> str:
    return f"139{seed:08d}"


def person_row(seed: int, **cells: object) -> dict[str, object]:
    """One valid row, keyed by column title; ``cells`` override."""
    return {"姓名": f"导入{seed}", "手机号": phone(seed), "身份证号": rid(seed), **cells}


def workbook_file(rows: list[dict[str, object]], titles: list[str] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    titles = titles if titles is not None else TITLES
    sheet.append(titles)
    for row in rows:
        sheet.append([row.get(title) for title in titles])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def worker_on(where: OrgNode, role: str = "community_worker") -> User:
    user = cast(User, UserFactory.create())
    grant(user, role, where)
    return User.objects.get(pk=user.pk)


def errors_of(result: RosterResult) -> list[tuple[int, str, str]]:
    return [(e.row, e.field, e.column) for e in result.errors]


def last_audit(action: str) -> AuditLog:
    entry = AuditLog.objects.filter(action=action).order_by("-id").first()
    assert entry is not None
    return entry


def read_back(data: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(data))
    return list(book.worksheets[0].iter_rows(values_only=True))


# --- import -------------------------------------------------------------------------------


def test_valid_file_imports_everyone_encrypted_with_home_links(tree: Tree) -> None:
    branch = node(tree.residents_committee, "party_branch", "居民第一党支部")
    actor = worker_on(tree.community)
    rows = [
        person_row(1, 性别="女", 登记地点="1号楼", 住址="东一路1号 3单元 201"),
        person_row(
            2,
            性别="男",
            登记地点="东一第一网格",
            党员="是",
            所在党支部="居民第一党支部",
            入党日期=dt.date(2001, 7, 1),
            在职党员="是",
            工作单位="东一物业",
            志愿者="Y",
        ),
        person_row(3, 居民="否", 党员="是", 入党日期="1998-06-30", 社区工作者=1),
    ]

    result = roster_import(actor=actor, node=tree.community, file=workbook_file(rows))

    assert result.ok, result
    assert result.created == 3
    one, two, three = (Person.objects.get(name=f"导入{n}") for n in (1, 2, 3))
    assert (one.node, one.grid, one.building) == (tree.building, tree.grid, tree.building)
    assert one.gender == Gender.FEMALE and one.is_resident and not one.is_party_member
    assert one.address == "东一路1号 3单元 201"
    assert (two.node, two.grid, two.building) == (tree.grid, tree.grid, None)
    assert two.party_branch == branch and two.party_joined_on == dt.date(2001, 7, 1)
    assert two.is_in_service_member and two.employer == tree.unit and two.is_volunteer
    assert (three.node, three.grid, three.building) == (tree.community, None, None)
    assert not three.is_resident and three.party_joined_on == dt.date(1998, 6, 30)
    assert three.is_community_worker and three.gender == Gender.UNKNOWN
    assert one.phone == phone(1) and one.id_number == rid(1)
    assert one.name_pinyin.startswith("dr")  # initials are filled in

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number, phone_hash FROM people_person WHERE id = %s", [one.pk])
        raw_phone, raw_id, phone_hash = cursor.fetchone()
    assert phone(1) not in raw_phone and rid(1) not in raw_id
    assert phone_hash and phone(1) not in phone_hash

    audit = last_audit("people.roster.import")
    assert audit.outcome == AuditOutcome.SUCCESS and audit.detail == {"created": 3}
    assert audit.object_id == str(tree.community.pk)


def test_one_bad_phone_on_row_17_rejects_the_whole_file(tree: Tree) -> None:
    before = Person.objects.count()
    rows = [person_row(n) for n in range(2, 17)] + [person_row(17, 手机号="1380013800")]

    result = roster_import(actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows))

    assert not result.ok and result.created == 0 and result.file_error == ""
    assert errors_of(result) == [(17, "phone", "手机号")]
    assert "valid phone number" in result.errors[0].message
    assert Person.objects.count() == before
    audit = last_audit("people.roster.import")
    assert audit.outcome == AuditOutcome.FAILED and audit.detail == {"errors": 1}


def test_every_error_in_every_row_is_reported(tree: Tree) -> None:
    PersonFactory.create(node=tree.grid, id_number=rid(90))
    before = Person.objects.count()
    rows = [
        person_row(1),  # row 2: fine
        person_row(2, 性别="M", 志愿者="也许"),  # row 3
        person_row(3, 身份证号=rid(1)),  # row 4: same ID as row 2
        person_row(4, 身份证号=rid(90)),  # row 5: ID already registered
        person_row(5, 登记地点="东二第一网格"),  # row 6: outside the target
        person_row(6, 所在党支部="不存在的支部", 党员="是"),  # row 7
        person_row(7, 入党日期="2001年13月1日", 党员="是", 身份证号="410102199003071235"),  # row 8
        person_row(8, 手机号=phone(1)),  # row 9: same phone as row 2 is fine (a shared landline)
        person_row(9, 姓名="", 在职党员="是"),  # row 10: no name; in service without membership/employer
        person_row(10, 登记地点="东一社区大党委"),  # row 11: not a registration place
    ]

    result = roster_import(actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows))

    assert errors_of(result) == [
        (3, "gender", "性别"),
        (3, "is_volunteer", "志愿者"),
        (4, "id_number", "身份证号"),
        (5, "id_number", "身份证号"),
        (6, "node", "登记地点"),
        (7, "party_branch", "所在党支部"),
        (8, "id_number", "身份证号"),
        (8, "party_joined_on", "入党日期"),
        (10, "name", "姓名"),
        (10, "is_party_member", "党员"),
        (10, "employer", "工作单位"),
        (11, "node", "登记地点"),
    ]
    messages = {(e.row, e.field): e.message for e in result.errors}
    assert "row 2" in messages[(4, "id_number")]
    assert "already registered" in messages[(5, "id_number")]
    assert "东二第一网格" in messages[(6, "node")] and "东一社区" in messages[(6, "node")]
    assert "城东路街道" in messages[(7, "party_branch")]
    assert result.created == 0 and Person.objects.count() == before


def test_id_number_stored_as_a_number_is_reported(tree: Tree) -> None:
    rows = [person_row(1, 身份证号=410102199003071234)]
    result = roster_import(actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows))
    assert errors_of(result) == [(2, "id_number", "身份证号")]
    assert "text" in result.errors[0].message


def test_columns_in_any_order_blank_rows_skipped_unknown_columns_ignored(tree: Tree) -> None:
    titles = ["序号", "身份证号", "居民(是/否)", " 姓名* ", "登记地点"]
    rows: list[dict[str, object]] = [
        {"序号": 1, "身份证号": rid(1), " 姓名* ": "甲", "登记地点": "1号楼"},
        {"序号": 2},  # only the running number: blank
        {},
        {"序号": 4, "身份证号": rid(2), " 姓名* ": "乙", "居民(是/否)": "FALSE", "登记地点": "nowhere"},
    ]
    result = roster_import(
        actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows, titles)
    )
    assert errors_of(result) == [(5, "node", "登记地点")]  # Excel rows, blank ones counted
    assert result.ignored_columns == ["序号"]

    rows[3]["登记地点"] = ""
    result = roster_import(
        actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows, titles)
    )
    assert result.ok and result.created == 2
    assert not Person.objects.get(name="乙").is_resident
    assert Person.objects.get(name="甲").building == tree.building


def test_repeated_place_names_need_the_place_above(tree: Tree) -> None:
    second_grid = node(tree.community, "grid", "东一第二网格")
    node(second_grid, "building", "1号楼")
    actor = worker_on(tree.community)

    result = roster_import(
        actor=actor, node=tree.community, file=workbook_file([person_row(1, 登记地点="1号楼")])
    )
    assert errors_of(result) == [(2, "node", "登记地点")]
    assert "东一第" in result.errors[0].message  # suggests a qualified name

    result = roster_import(
        actor=actor, node=tree.community, file=workbook_file([person_row(1, 登记地点="东一第一网格/1号楼")])
    )
    assert result.ok
    assert Person.objects.get(name="导入1").building == tree.building


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (lambda: io.BytesIO("姓名,手机号\n张三,13800138000\n".encode()), "not an Excel workbook"),
        (lambda: io.BytesIO(b""), "not an Excel workbook"),
        (lambda: io.BytesIO(b"PK\x03\x04 broken zip"), "not an Excel workbook"),
        (lambda: workbook_file([{"手机号": phone(1)}], titles=["手机号", "身份证号"]), "姓名"),
        (lambda: workbook_file([], titles=[]), "empty"),
        (lambda: workbook_file([]), "no people"),
    ],
    ids=["csv", "empty-upload", "broken-zip", "no-name-column", "empty-sheet", "titles-only"],
)
def test_file_level_errors(tree: Tree, upload: Callable[[], io.BytesIO], expected: str) -> None:
    before = Person.objects.count()
    result = roster_import(actor=worker_on(tree.community), node=tree.community, file=upload())
    assert expected in result.file_error
    assert result.errors == [] and result.created == 0 and not result.ok
    assert Person.objects.count() == before
    audit = last_audit("people.roster.import")
    assert audit.outcome == AuditOutcome.FAILED and audit.detail.get("file_error") is True


def test_too_many_rows_is_a_file_error(tree: Tree, settings: Any) -> None:
    settings.ROSTER_MAX_ROWS = 3
    rows = [person_row(n) for n in range(4)]
    result = roster_import(actor=worker_on(tree.community), node=tree.community, file=workbook_file(rows))
    assert "more than 3 rows" in result.file_error
    assert Person.objects.filter(name__startswith="导入").count() == 0


@pytest.mark.parametrize(
    ("role", "where"),
    [
        ("grid_worker", "grid"),  # may manage people, but not import
        ("community_worker", "other_community"),  # may import, elsewhere
        ("resident", "community"),
        ("subdistrict_leader", "east"),  # export only
    ],
)
def test_import_needs_the_import_right_on_the_node(tree: Tree, role: str, where: str) -> None:
    before = Person.objects.count()
    actor = worker_on(getattr(tree, where), role)
    with pytest.raises(NotInScope):
        roster_import(actor=actor, node=tree.community, file=workbook_file([person_row(1)]))
    assert Person.objects.count() == before
    audit = last_audit("people.roster.import")
    assert audit.outcome == AuditOutcome.DENIED and audit.actor_id == actor.pk
    assert audit.detail == {"perm": "people.import_roster"}


def test_import_validation_does_not_query_per_row(tree: Tree) -> None:
    def queries_for(count: int, offset: int) -> tuple[int, int]:
        """(queries other than person inserts, person inserts)"""
        rows = [person_row(offset + n, 登记地点="1号楼" if n % 2 else "东一第一网格") for n in range(count)]
        upload = workbook_file(rows)
        actor = worker_on(tree.community)
        with CaptureQueriesContext(connection) as captured:
            result = roster_import(actor=actor, node=tree.community, file=upload)
        assert result.ok and result.created == count
        inserts = [q for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "people_person"')]
        return len(captured) - len(inserts), len(inserts)

    few_other, few_inserts = queries_for(10, 0)
    many_other, many_inserts = queries_for(200, 100)
    assert few_other == many_other
    # People are written in batches (the database may cap a batch's size), not one by one.
    assert few_inserts == 1 and many_inserts <= 200 // 20


# --- template and export ------------------------------------------------------------------


def test_template_has_titles_and_help(tree: Tree) -> None:
    book = load_workbook(io.BytesIO(roster_template()))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == TITLES
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1
    assert book.sheetnames[1] == "填写说明"
    help_text = " ".join(str(v) for row in book["填写说明"].iter_rows(values_only=True) for v in row if v)
    assert all(title in help_text for title in TITLES)

    # An empty template is a file error, not an import of nobody.
    result = roster_import(
        actor=worker_on(tree.community), node=tree.community, file=io.BytesIO(roster_template())
    )
    assert "no people" in result.file_error


def test_export_is_masked_by_default(tree: Tree) -> None:
    PersonFactory.create(
        node=tree.building, name="甲", phone="13912345678", id_number=rid(5), address="=HYPERLINK(1)"
    )
    PersonFactory.create(node=tree.other_grid, name="外")  # another community
    actor = worker_on(tree.community)

    rows = read_back(roster_export(actor=actor, node=tree.community))

    assert list(rows[0]) == TITLES
    assert len(rows) == 2
    cells = dict(zip(TITLES, rows[1], strict=True))
    assert cells["姓名"] == "甲"
    assert cells["手机号"] == "139****5678"
    assert cells["身份证号"] == rid(5)[:4] + "*" * 10 + rid(5)[-4:]
    assert cells["住址"] == "=HYPERLINK(1)"  # written as text, not as a formula
    assert cells["登记地点"] == "1号楼"
    assert cells["居民"] == "是" and cells["党员"] == "否"
    audit = last_audit("people.roster.export")
    assert audit.outcome == AuditOutcome.SUCCESS and audit.detail == {"revealed": False, "count": 1}


def test_revealed_export_imports_again(tree: Tree) -> None:
    branch = node(tree.residents_committee, "party_branch", "居民第一党支部")
    actor = worker_on(tree.community)
    source = [
        person_row(1, 性别="女", 登记地点="1号楼", 住址="东一路1号"),
        person_row(2, 登记地点="东一第一网格", 党员="是", 所在党支部="居民第一党支部", 入党日期="2001-07-01"),
        person_row(3, 登记地点="东一物业", 党员="是", 在职党员="是", 工作单位="东一物业", 居民="否"),
        person_row(4, 手机号="", 身份证号="", 志愿者="是", 积极分子="是", 党代表="是", 社区工作者="是"),
    ]
    assert roster_import(actor=actor, node=tree.community, file=workbook_file(source)).ok
    fields = [f for f, _title in ROSTER_COLUMNS]
    before = sorted(Person.objects.values_list(*fields, "grid", "building"))
    assert any(row[fields.index("party_branch")] == branch.pk for row in before)

    exported = roster_export(actor=actor, node=tree.community, reveal=True)
    audit = last_audit("people.roster.export")
    assert audit.detail == {"revealed": True, "count": 4}
    Person.objects.all().delete()

    result = roster_import(actor=actor, node=tree.community, file=io.BytesIO(exported))
    assert result.ok, result
    assert result.created == 4
    after = sorted(Person.objects.values_list(*fields, "grid", "building"))
    assert after == before


def test_masked_export_does_not_import_again(tree: Tree) -> None:
    PersonFactory.create(node=tree.grid)
    actor = worker_on(tree.community)
    exported = roster_export(actor=actor, node=tree.community)
    Person.objects.all().delete()
    result = roster_import(actor=actor, node=tree.community, file=io.BytesIO(exported))
    assert {e.field for e in result.errors} == {"phone", "id_number"}


def test_reveal_needs_the_reveal_right(tree: Tree) -> None:
    PersonFactory.create(node=tree.grid)
    leader = worker_on(tree.east, "subdistrict_leader")  # may export, may not reveal
    assert len(read_back(roster_export(actor=leader, node=tree.community))) == 2
    with pytest.raises(NotInScope):
        roster_export(actor=leader, node=tree.community, reveal=True)
    audit = last_audit("people.roster.export")
    assert audit.outcome == AuditOutcome.DENIED and audit.detail == {"perm": "people.reveal_person"}


@pytest.mark.parametrize(
    ("role", "where"), [("community_worker", "other_community"), ("resident", "community")]
)
def test_export_out_of_scope_is_not_found(tree: Tree, role: str, where: str) -> None:
    PersonFactory.create(node=tree.grid)
    actor = worker_on(getattr(tree, where), role)
    with pytest.raises(NotInScope):
        roster_export(actor=actor, node=tree.community)
    audit = last_audit("people.roster.export")
    assert audit.outcome == AuditOutcome.DENIED and audit.actor_id == actor.pk


def test_export_query_count_does_not_grow_with_people(tree: Tree) -> None:
    branch = node(tree.residents_committee, "party_branch", "居民第一党支部")

    def add_people(count: int) -> None:
        for n in range(count):
            at = (tree.building, tree.grid, tree.community, tree.unit)[n % 4]
            member = n % 3 == 0
            PersonFactory.create(
                node=at,
                grid=tree.grid if at in (tree.building, tree.grid) else None,
                is_party_member=member,
                party_branch=branch if member else None,
                employer=tree.unit,
            )

    def queries() -> tuple[int, int]:
        actor = worker_on(tree.community)
        with CaptureQueriesContext(connection) as captured:
            data = roster_export(actor=actor, node=tree.community, reveal=True)
        return len(captured), len(read_back(data)) - 1

    add_people(5)
    few, exported_few = queries()
    add_people(45)
    many, exported_many = queries()
    assert (exported_few, exported_many) == (5, 50)
    assert few == many


def test_factory_ids_and_roster_ids_do_not_collide() -> None:
    assert {rid(n) for n in range(300)}.isdisjoint({valid_id(n) for n in range(300)})
