"""Reads about people, always scoped to the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lianxin.core import scope
from lianxin.core.pii import keyed_hash, normalise_id_number, normalise_phone
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.models import PERSON_FLAGS, Person


def person_list(
    *,
    actor: Any,
    within: OrgNode | None = None,
    search: str = "",
    flag: str = "",
    capability: str = Cap.PEOPLE_VIEW,
) -> QuerySet[Person]:
    """People the actor may see, optionally under one node, found by name, initials, phone or ID."""
    qs = Person.objects.filter(scope.scope_q(actor, capability, field="node__path"))
    if within is not None:
        qs = qs.filter(subtree_q(within.path, field="node__path"))
    search = search.strip()
    if search:
        qs = qs.filter(_search_q(search))
    if flag in PERSON_FLAGS:
        qs = qs.filter(**{flag: True})
    return qs.select_related("node", "grid", "building").order_by("name", "id")


def _search_q(search: str) -> Q:
    """A phone or ID number is found by its keyed hash alone (an index look-up); anything
    else by name or pinyin initials."""
    phone, id_number = normalise_phone(search), normalise_id_number(search)
    if phone.replace("-", "").isdigit() and len(phone) >= 7:
        return Q(phone_hash=keyed_hash(phone)) | Q(id_number_hash=keyed_hash(id_number))
    if len(id_number) == 18 and id_number[:17].isdigit():
        return Q(id_number_hash=keyed_hash(id_number))
    return Q(name__contains=search) | Q(name_pinyin__startswith=search.lower())


def person_get(*, actor: Any, pk: int | str, capability: str = Cap.PEOPLE_VIEW) -> Person:
    """One person in the actor's scope, else 404."""
    try:
        return (
            person_list(actor=actor, capability=capability)
            .select_related("party_branch", "employer", "user")
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def person_of(*, user: Any) -> Person | None:
    """The person behind a log-in (residents see themselves through this)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("node", "grid", "building").filter(user=user).first()
