"""Social workers log services against their organisation's contracts in force; the buyer's
staff confirm or return them; only confirmed logs count."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from lianxin.socialwork import selectors, services
from lianxin.socialwork.models import ContractState, LogState, ServiceLog
from tests.factories import TINY_PNG, DaysFromToday, PersonFactory, dated
from tests.socialwork.conftest import make_contract

pytestmark = pytest.mark.django_db


def _log(**extra) -> services.LogInput:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {
        "on": timezone.localdate() - dt.timedelta(days=1),
        "hours": Decimal("2.5"),
        "content": "独居老人入户探访，评估需求",
        "quantity": 1,
        "people_served": 1,
        "place": "东一路1号",
    } | extra
    return services.LogInput(**data)


def test_a_social_worker_logs_a_service_with_the_person_served_and_a_photo(tree, sw):
    elder = PersonFactory.create(node=tree.building, name="孙奶奶", phone="13700001111")
    photo = SimpleUploadedFile("visit.png", TINY_PNG, content_type="image/png")
    log = services.service_log(
        actor=sw.social_worker, deliverable=sw.cases, data=_log(person_phone="137 0000 1111", photo=photo)
    )
    assert (log.state, log.person, log.worker) == (LogState.PENDING, elder, sw.social_worker)
    assert log.person_masked == "孙**"
    assert log.photo_type == "image/png" and str(log.photo.name).startswith("socialwork/")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"on": DaysFromToday(1)}, "on"),
        ({"on": DaysFromToday(-200)}, "on"),
        ({"hours": Decimal(0)}, "hours"),
        ({"hours": Decimal(25)}, "hours"),
        ({"quantity": 0}, "quantity"),
        ({"people_served": -1}, "people_served"),
        ({"content": " "}, "content"),
        ({"person_phone": "13999999999"}, "person_phone"),
    ],
)
def test_a_bad_log_is_refused_and_nothing_is_written(sw, extra, field):
    with pytest.raises(ValidationError) as refused:
        services.service_log(actor=sw.social_worker, deliverable=sw.cases, data=_log(**dated(extra)))
    assert field in refused.value.message_dict
    assert not ServiceLog.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(sw):
    fake = SimpleUploadedFile("visit.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.service_log(actor=sw.social_worker, deliverable=sw.cases, data=_log(photo=fake))
    assert "photo" in refused.value.message_dict
    assert not ServiceLog.objects.exists()


def test_a_person_outside_the_buyers_area_is_not_found(tree, sw):
    PersonFactory.create(node=tree.other_grid, phone="13700002222")
    with pytest.raises(ValidationError) as refused:
        services.service_log(
            actor=sw.social_worker, deliverable=sw.cases, data=_log(person_phone="13700002222")
        )
    assert "person_phone" in refused.value.message_dict


@pytest.mark.parametrize("state", [ContractState.DRAFT, ContractState.ENDED, ContractState.TERMINATED])
def test_only_a_contract_in_force_takes_logs(tree, sw, state):
    contract = make_contract(tree.community, sw.org, number=f"N-{state}", state=state)
    with pytest.raises(ValidationError) as refused:
        services.service_log(actor=sw.social_worker, deliverable=contract.deliverables.all()[0], data=_log())
    assert "deliverable" in refused.value.message_dict


def test_a_social_worker_of_another_organisation_gets_404(sw, staff):
    with pytest.raises(Http404):
        services.service_log(actor=sw.other_worker, deliverable=sw.cases, data=_log())
    with pytest.raises(Http404):
        selectors.contract_get(actor=sw.other_worker, pk=sw.contract.pk)
    with pytest.raises(Http404):
        services.service_log(actor=staff, deliverable=sw.cases, data=_log())  # staff do not log
    assert not ServiceLog.objects.exists()
    assert list(selectors.own_deliverables(actor=sw.other_worker)) == []
    assert set(selectors.own_deliverables(actor=sw.social_worker)) == {sw.cases, sw.groups, sw.people}


def test_staff_confirm_or_return_a_log_once_and_only_confirmed_ones_count(sw, staff):
    first = services.service_log(actor=sw.social_worker, deliverable=sw.groups, data=_log(quantity=1))
    second = services.service_log(actor=sw.social_worker, deliverable=sw.groups, data=_log(quantity=1))
    today = timezone.localdate()
    [groups] = [
        r
        for r in selectors.contract_progress(contract=sw.contract, today=today).rows
        if r.deliverable == sw.groups
    ]
    assert (groups.done, groups.pending) == (0, 2)
    with pytest.raises(Http404):
        services.log_confirm(actor=sw.social_worker, log=first)  # the organisation cannot confirm itself
    confirmed = services.log_confirm(actor=staff, log=first)
    assert (confirmed.state, confirmed.reviewed_by) == (LogState.CONFIRMED, staff)
    with pytest.raises(ValidationError):
        services.log_return(actor=staff, log=first, reason="重复")
    with pytest.raises(ValidationError):
        services.log_return(actor=staff, log=second, reason="")
    returned = services.log_return(actor=staff, log=second, reason="缺少签到表")
    assert (returned.state, returned.return_reason) == (LogState.RETURNED, "缺少签到表")
    [groups] = [
        r
        for r in selectors.contract_progress(contract=sw.contract, today=today).rows
        if r.deliverable == sw.groups
    ]
    assert (groups.done, groups.pending) == (1, 0)
    assert [log.pk for log in selectors.review_queue(actor=staff)] == []
    assert {log.pk for log in selectors.own_logs(actor=sw.social_worker)} == {first.pk, second.pk}


def test_the_export_lists_every_log_with_the_person_served_masked(tree, sw):
    from openpyxl import load_workbook

    from lianxin.socialwork.exports import log_workbook

    PersonFactory.create(node=tree.building, name="孙奶奶", phone="13700001111")
    services.service_log(actor=sw.social_worker, deliverable=sw.cases, data=_log(person_phone="13700001111"))
    data = log_workbook(
        contract=sw.contract, logs=selectors.log_list(actor=sw.social_worker, contract=sw.contract)
    )
    sheet: Any = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Date" and len(rows) == 3
    assert rows[2][1] == "个案服务" and rows[2][9] == "孙**"
