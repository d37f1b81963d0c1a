"""Personal data: encrypted at rest, found by keyed hash, masked for display, revealed with an audit."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.http import Http404

from lianxin.core import pii
from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.pii import (
    id_number_is_valid,
    keyed_hash,
    mask_id_number,
    mask_phone,
    normalise_id_number,
    normalise_phone,
)
from lianxin.core.roles import Role
from lianxin.people.models import Person
from lianxin.people.selectors import person_list
from lianxin.people.services import person_create, person_reveal
from lianxin.people.validation import PersonInput
from tests.factories import PersonFactory, UserFactory, grant, valid_id

PHONE = "13800000001"
ID_NUMBER = "11010519491231002X"


def raw_row(person: Person) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number, phone_hash, id_number_hash FROM people_person WHERE id = %s",
            [person.pk],
        )
        return cursor.fetchone()


def all_audit_text() -> str:
    """Every column of every audit row, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditLog._meta.db_table}")  # noqa: S608
        return "\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall())


@pytest.fixture
def registered(tree: Any, worker: Any) -> Person:
    data = PersonInput(name="张三", node=tree.building, phone="138 0000 0001", id_number="11010519491231002x")
    return person_create(actor=worker, data=data)


# ---------------------------------------------------------------------------------------------
# At rest


def test_database_holds_neither_plain_phone_nor_plain_id(registered: Person) -> None:
    raw_phone, raw_id, _phone_hash, _id_hash = raw_row(registered)
    assert raw_phone and raw_id
    assert PHONE not in raw_phone and PHONE[-8:] not in raw_phone
    assert ID_NUMBER not in raw_id and ID_NUMBER[6:14] not in raw_id
    # Fernet tokens, readable back through the ORM
    assert raw_phone.startswith("gAAAAA") and raw_id.startswith("gAAAAA")
    fresh = Person.objects.get(pk=registered.pk)
    assert fresh.phone == PHONE
    assert fresh.id_number == ID_NUMBER


def test_same_value_encrypts_differently_each_time(tree: Any) -> None:
    first = PersonFactory.create(node=tree.grid, phone=PHONE)
    second = PersonFactory.create(node=tree.grid, phone=PHONE)
    assert raw_row(first)[0] != raw_row(second)[0]
    assert raw_row(first)[2] == raw_row(second)[2] == keyed_hash(PHONE)


def test_hashes_are_keyed_hashes_of_the_normalised_values(registered: Person) -> None:
    _raw_phone, _raw_id, phone_hash, id_hash = raw_row(registered)
    assert phone_hash == keyed_hash(PHONE) == keyed_hash(normalise_phone("+86 138 0000 0001"))
    assert id_hash == keyed_hash(ID_NUMBER)
    assert len(phone_hash) == 64 and PHONE not in phone_hash


def test_keyed_hash_depends_on_the_key(settings: Any) -> None:
    before = keyed_hash(PHONE)
    settings.FIELD_HASH_KEY = "another-hash-key"
    assert keyed_hash(PHONE) != before
    assert keyed_hash("") == ""


def test_empty_values_stay_empty(tree: Any) -> None:
    person = PersonFactory.create(node=tree.grid, phone="", phone_hash="", id_number="", id_number_hash="")
    assert raw_row(person)[:2] == ("", "")
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.phone == "" and fresh.id_number == ""


# ---------------------------------------------------------------------------------------------
# Look-up


@pytest.mark.parametrize("typed", ["138 0000 0001", "13800000001", "+86 138 0000 0001", "(138)00000001"])
def test_find_by_phone_however_it_is_typed(registered: Person, worker: Any, tree: Any, typed: str) -> None:
    PersonFactory.create(node=tree.building, name="李四")
    assert list(person_list(actor=worker, search=typed)) == [registered]


def test_find_by_id_number_in_lower_case(registered: Person, worker: Any) -> None:
    assert list(person_list(actor=worker, search="11010519491231002x")) == [registered]
    assert list(person_list(actor=worker, search="110105194912310021")) == []


def test_phone_search_stays_within_scope(registered: Person, tree: Any) -> None:
    stranger = UserFactory.create()
    grant(stranger, Role.COMMUNITY_WORKER, tree.other_community)
    assert list(person_list(actor=stranger, search="138 0000 0001")) == []


def test_normalisers() -> None:
    assert normalise_phone(" +86 (138) 0000 0001 ") == PHONE
    assert normalise_id_number(" 11010519491231002x ") == ID_NUMBER


# ---------------------------------------------------------------------------------------------
# Masking and validation


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("410102199003071234") == "4101**********1234"
    assert mask_phone("") == "" and mask_id_number("") == ""
    assert mask_phone("0371-66668888") == "0371*******88"
    assert mask_id_number("1234567") == "*******"


def test_person_shows_masked_values(tree: Any) -> None:
    person = PersonFactory.create(node=tree.grid, phone="13812345678", id_number="410102199003071234")
    assert person.phone_masked == "138****5678"
    assert person.id_number_masked == "4101**********1234"


# Check digits worked out by hand with the GB 11643 weights.
GOOD_IDS = [ID_NUMBER, "410102199003071230", "410105198507150017", "410104197001010016", "11010119900307803X"]


@pytest.mark.parametrize("value", [*GOOD_IDS, *(valid_id(seed) for seed in range(0, 400, 37))])
def test_valid_check_digit_is_accepted(value: str) -> None:
    assert id_number_is_valid(value)


def test_wrong_check_digit_is_rejected() -> None:
    assert id_number_is_valid("410102199003071230")
    for wrong in "123456789X":
        assert not id_number_is_valid("41010219900307123" + wrong), wrong
    assert not id_number_is_valid("110105194912310021")  # X expected
    assert not id_number_is_valid("11010519491231002")  # 17 characters
    assert not id_number_is_valid("11010519491231002XX")
    assert not id_number_is_valid("A1010519491231002X")
    assert not id_number_is_valid("")


# ---------------------------------------------------------------------------------------------
# Reveal


@pytest.mark.parametrize(("field", "plain"), [("phone", PHONE), ("id_number", ID_NUMBER)])
def test_reveal_returns_plain_value_and_audits_without_personal_data(
    registered: Person, worker: Any, field: str, plain: str
) -> None:
    before = AuditLog.objects.filter(action="people.person.reveal").count()
    assert person_reveal(actor=worker, person=registered, field=field) == plain

    rows = AuditLog.objects.filter(action="people.person.reveal")
    assert rows.count() == before + 1
    row = rows.latest("id")
    assert row.actor == worker
    assert row.outcome == AuditOutcome.SUCCESS
    assert row.object_type == "people.person" and row.object_id == str(registered.pk)
    assert row.detail == {"field": field}
    text = all_audit_text()
    for secret in (PHONE, ID_NUMBER, PHONE[-8:], ID_NUMBER[6:14]):
        assert secret not in text


def test_reveal_of_unknown_field_is_refused(registered: Person, worker: Any) -> None:
    with pytest.raises(ValueError):
        person_reveal(actor=worker, person=registered, field="name")
    assert not AuditLog.objects.filter(action="people.person.reveal").exists()


def test_person_reveals_own_phone(tree: Any) -> None:
    me = UserFactory.create()
    grant(me, Role.RESIDENT, tree.building)
    person = PersonFactory.create(node=tree.building, user=me, phone=PHONE)

    assert person_reveal(actor=me, person=person, field="phone") == PHONE
    row = AuditLog.objects.get(action="people.person.reveal")
    assert row.actor == me and row.outcome == AuditOutcome.SUCCESS and row.detail == {"field": "phone"}


def test_neighbour_cannot_reveal_my_phone(tree: Any) -> None:
    me, neighbour = UserFactory.create(), UserFactory.create()
    grant(neighbour, Role.RESIDENT, tree.building)
    person = PersonFactory.create(node=tree.building, user=me)
    with pytest.raises(Http404):
        person_reveal(actor=neighbour, person=person, field="phone")
    row = AuditLog.objects.get(action="people.person.reveal")
    assert row.actor == neighbour and row.outcome == AuditOutcome.DENIED


# ---------------------------------------------------------------------------------------------
# Key rotation


@pytest.fixture
def clean_fernet_cache() -> Any:
    pii._fernet.cache_clear()
    yield
    pii._fernet.cache_clear()


def test_key_rotation_keeps_old_data_readable(tree: Any, settings: Any, clean_fernet_cache: None) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()

    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    pii._fernet.cache_clear()
    person = PersonFactory.create(node=tree.grid, phone=PHONE, id_number=ID_NUMBER)
    old_token = raw_row(person)[0]
    assert Fernet(old_key.encode()).decrypt(old_token.encode()).decode() == PHONE

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    pii._fernet.cache_clear()
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.phone == PHONE and fresh.id_number == ID_NUMBER

    # a write after rotation uses the new key
    fresh.save()
    new_token = raw_row(person)[0]
    assert Fernet(new_key.encode()).decrypt(new_token.encode()).decode() == PHONE

    # with the old key gone, data still under it cannot be read
    other = PersonFactory.create(node=tree.grid, phone="13900000002")
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    pii._fernet.cache_clear()
    legacy = PersonFactory.create(node=tree.grid, phone="13700000003")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    pii._fernet.cache_clear()
    assert Person.objects.get(pk=other.pk).phone == "13900000002"
    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEYS"):
        Person.objects.get(pk=legacy.pk)
