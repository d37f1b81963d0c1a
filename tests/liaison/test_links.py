"""Links (联系帮扶): 2–3 per representative, in the studio's area, and a warning when one goes quiet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from lianxin.core.models import AuditLog
from lianxin.core.permissions import NotInScope
from lianxin.liaison import selectors, services
from lianxin.liaison.models import Contact, ContactMethod, Link
from tests.factories import PersonFactory
from tests.liaison.conftest import link_to, session_on


def rows(rep, today):  # type: ignore[no-untyped-def]
    return {
        r.link.person.name: r
        for r in selectors.link_rows(links=selectors.open_links(representative=rep), today=today)
    }


def test_a_representative_takes_at_most_three_links(tree, sw, staff):
    people = [PersonFactory.create(node=tree.building, name=f"居民{i}") for i in range(4)]
    for person in people[:3]:
        services.link_add(actor=staff, representative=sw.rep, person=person, started_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.link_add(
            actor=staff, representative=sw.rep, person=people[3], started_on=dt.date(2026, 3, 1)
        )
    assert "person" in refused.value.message_dict
    assert "2–3" in refused.value.message_dict["person"][0]
    assert Link.objects.filter(representative=sw.rep).count() == 3

    first = Link.objects.get(person=people[0])
    services.link_end(actor=staff, link=first, ended_on=dt.date(2026, 6, 1))
    services.link_add(actor=staff, representative=sw.rep, person=people[3], started_on=dt.date(2026, 6, 2))
    assert selectors.open_links(representative=sw.rep).count() == 3


@override_settings(LIAISON_LINKS_MIN=1, LIAISON_LINKS_MAX=1)
def test_the_limits_come_from_settings(tree, sw, staff):
    services.link_add(actor=staff, representative=sw.rep, person=sw.neighbour, started_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.link_add(
            actor=staff, representative=sw.rep, person=sw.resident, started_on=dt.date(2026, 3, 1)
        )


def test_too_few_links_is_flagged(tree, sw):
    today = dt.date(2026, 5, 1)
    [row] = selectors.representative_rows(studios=[sw.studio], today=today)[sw.studio.pk]
    assert row.short and row.links == []
    link_to(sw.rep, sw.neighbour)
    link_to(sw.rep, sw.resident)
    [row] = selectors.representative_rows(studios=[sw.studio], today=today)[sw.studio.pk]
    assert not row.short and len(row.links) == 2


@pytest.mark.parametrize(
    ("who", "why"),
    [("outsider", "area"), ("self", "themself"), ("twice", "Already linked")],
)
def test_who_may_not_be_linked(tree, sw, staff, who, why):
    link_to(sw.rep, sw.neighbour)
    person = {"outsider": sw.outsider, "self": sw.rep.person, "twice": sw.neighbour}[who]
    with pytest.raises(ValidationError) as refused:
        services.link_add(actor=staff, representative=sw.rep, person=person, started_on=dt.date(2026, 3, 1))
    assert why in refused.value.message_dict["person"][0]
    assert Link.objects.count() == 1


def test_links_go_stale_after_the_studios_configured_quiet_time(tree, sw):
    today = dt.date(2026, 5, 31)
    recent, quiet, _never = (
        link_to(sw.rep, sw.neighbour, dt.date(2026, 1, 1)),
        link_to(sw.rep, sw.resident, dt.date(2026, 1, 1)),
        link_to(sw.rep, PersonFactory.create(node=tree.grid, name="新结对"), dt.date(2026, 5, 20)),
    )
    for link, day in ((recent, dt.date(2026, 5, 2)), (quiet, dt.date(2026, 5, 1))):
        Contact.objects.create(link=link, on=day, method=ContactMethod.PHONE, recorded_by=sw.rep_user)
    found = rows(sw.rep, today)
    assert (found["赵党员"].days_quiet, found["赵党员"].stale) == (29, False)
    assert (found["王居民"].days_quiet, found["王居民"].stale) == (30, True)  # 30 days: the default
    assert found["新结对"].last_contact is None and not found["新结对"].stale  # linked 11 days ago

    sw.studio.stale_after_days = 45
    sw.studio.save()
    assert not rows(sw.rep, today)["王居民"].stale
    assert rows(sw.rep, dt.date(2026, 7, 5))["新结对"].stale  # no contact in the 46 days since linking


def test_the_representative_logs_contacts_and_what_was_raised(tree, sw):
    link = link_to(sw.rep, sw.neighbour)
    today = timezone.localdate()
    contact = services.contact_record(
        actor=sw.rep_user, link=link, on=today, method=ContactMethod.HOME_VISIT, raised="楼道灯坏了"
    )
    [concern] = contact.concerns.all()
    assert (concern.person, concern.name, concern.representative) == (sw.neighbour, "赵党员", sw.rep)
    assert rows(sw.rep, today)["赵党员"].last_contact == today
    with pytest.raises(ValidationError) as future:
        services.contact_record(
            actor=sw.rep_user, link=link, on=today + dt.timedelta(days=1), method=ContactMethod.PHONE
        )
    assert "on" in future.value.message_dict


def test_only_the_representative_or_staff_log_contacts(tree, sw, worker):
    link = link_to(sw.rep, sw.neighbour)
    other_rep = PersonFactory.create(node=tree.building, is_party_rep=True)
    other_link = link_to(
        sw.studio.representatives.create(person=other_rep, started_on=dt.date(2026, 1, 1)), sw.resident
    )
    with pytest.raises(NotInScope):
        services.contact_record(actor=sw.rep_user, link=other_link, on=timezone.localdate(), method="phone")
    assert AuditLog.objects.filter(action="liaison.contact.record", outcome="denied").count() == 1
    assert services.contact_record(actor=worker, link=link, on=timezone.localdate(), method="phone").pk


def test_coming_to_a_session_counts_as_a_contact(tree, sw):
    link = link_to(sw.rep, sw.resident)
    day = timezone.localdate()
    session = session_on(sw.studio, day)
    services.concern_record(
        actor=sw.rep_user, session=session, name="王居民", text="想咨询养老补贴", phone="13912345678"
    )
    assert link.contacts.get().method == ContactMethod.SESSION
    services.concern_record(
        actor=sw.rep_user, session=session, name="王居民", text="还有一件事", phone="13912345678"
    )
    assert link.contacts.count() == 1  # one contact per day
