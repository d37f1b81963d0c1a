"""The contract's life: drafted, deliverables set, signed, ended or terminated with a reason;
what is refused and that a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.roles import Role
from lianxin.socialwork import services
from lianxin.socialwork.models import Contract, ContractEvent, ContractState, Deliverable
from tests.factories import DaysFromToday, UserFactory, dated, grant
from tests.socialwork.conftest import log_on, make_contract, social_work_org

pytestmark = pytest.mark.django_db


def _input(org, **extra) -> services.ContractInput:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    data = {
        "organisation": org,
        "title": "城东路街道政府购买社会工作服务",
        "number": "CDL-SW-01",
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=364),
        "amount": Decimal("280000"),
    } | extra
    return services.ContractInput(**data)


def test_a_contract_is_drafted_given_deliverables_signed_and_terminated_with_a_reason(tree, staff):
    org = social_work_org(tree.east, "馨家苑")
    contract = services.contract_create(actor=staff, buyer=tree.east, data=_input(org))
    assert contract.state == ContractState.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.contract_sign(actor=staff, contract=contract)
    assert "Set the deliverables before signing." in refused.value.messages
    services.deliverable_save(
        actor=staff,
        contract=contract,
        data=services.DeliverableInput(name="小组活动", unit="场", target=24, quarter_targets=[6, 6, 6, 6]),
    )
    contract = services.contract_sign(actor=staff, contract=contract)
    assert contract.state == ContractState.IN_FORCE
    with pytest.raises(ValidationError):
        services.contract_update(actor=staff, contract=contract, data=_input(org, title="改"))
    with pytest.raises(ValidationError) as early:
        services.contract_end(actor=staff, contract=contract)
    assert "terminate it early" in early.value.messages[0]
    with pytest.raises(ValidationError):
        services.contract_terminate(actor=staff, contract=contract, reason="  ")
    contract = services.contract_terminate(actor=staff, contract=contract, reason="机构注销")
    assert (contract.state, contract.end_reason) == (ContractState.TERMINATED, "机构注销")
    states = list(ContractEvent.objects.filter(contract=contract).values_list("state", flat=True))
    assert states == ["draft", "in_force", "terminated"]
    with pytest.raises(ValidationError):
        services.contract_sign(actor=staff, contract=contract)


def test_a_contract_whose_term_is_over_is_ended(tree, staff):
    org = social_work_org(tree.east, "馨家苑")
    today = timezone.localdate()
    contract = make_contract(
        tree.east,
        org,
        number="OLD",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=1),
    )
    assert services.contract_end(actor=staff, contract=contract).state == ContractState.ENDED


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_on": DaysFromToday(-1)}, "ends_on"),
        ({"ends_on": DaysFromToday(0)}, "ends_on"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"title": " "}, "title"),
        ({"number": ""}, "number"),
    ],
)
def test_a_bad_contract_is_refused_and_nothing_is_written(tree, staff, extra, field):
    org = social_work_org(tree.east, "馨家苑")
    with pytest.raises(ValidationError) as refused:
        services.contract_create(actor=staff, buyer=tree.east, data=_input(org, **dated(extra)))
    assert field in refused.value.message_dict
    assert not Contract.objects.exists()


def test_the_organisation_must_be_a_social_work_organisation_and_the_number_unique(tree, staff):
    with pytest.raises(ValidationError) as refused:
        services.contract_create(actor=staff, buyer=tree.east, data=_input(tree.unit))
    assert "organisation" in refused.value.message_dict
    org = social_work_org(tree.east, "馨家苑")
    services.contract_create(actor=staff, buyer=tree.east, data=_input(org))
    with pytest.raises(ValidationError) as again:
        services.contract_create(actor=staff, buyer=tree.community, data=_input(org))
    assert "number" in again.value.message_dict


@pytest.mark.parametrize(
    ("target", "quarters", "field"),
    [
        (0, [], "target"),
        (-3, [], "target"),
        (24, [6, 6, 6], "quarter_targets"),
        (24, [6, 6, 6, 5], "quarter_targets"),
    ],
)
def test_deliverable_targets_are_more_than_zero(tree, staff, target, quarters, field):
    contract = make_contract(tree.east, social_work_org(tree.east, "馨家苑"), number="X", deliverables=())
    data = services.DeliverableInput(name="个案服务", unit="个案", target=target, quarter_targets=quarters)
    with pytest.raises(ValidationError) as refused:
        services.deliverable_save(actor=staff, contract=contract, data=data)
    assert field in refused.value.message_dict
    assert not Deliverable.objects.exists()


def test_a_deliverable_with_logs_stays_and_targets_can_change(tree, staff):
    org = social_work_org(tree.east, "馨家苑")
    contract = make_contract(tree.east, org, number="X")
    cases = contract.deliverables.get(name="个案服务")
    log_on(cases, staff, timezone.localdate())
    with pytest.raises(ValidationError):
        services.deliverable_remove(actor=staff, deliverable=cases)
    changed = services.deliverable_save(
        actor=staff,
        contract=contract,
        deliverable=cases,
        data=services.DeliverableInput(name="个案服务", unit="个案", target=40),
    )
    assert changed.target == 40
    groups = contract.deliverables.get(name="小组活动")
    services.deliverable_remove(actor=staff, deliverable=groups)
    assert not Deliverable.objects.filter(pk=groups.pk).exists()


def test_staff_elsewhere_are_refused_with_404_and_the_refusal_is_audited(tree):
    west = UserFactory.create()
    grant(west, Role.SUBDISTRICT_STAFF, tree.west)
    org = social_work_org(tree.east, "馨家苑")
    contract = make_contract(tree.east, org, number="X", state=ContractState.DRAFT)
    with pytest.raises(Http404):
        services.contract_sign(actor=west, contract=contract)
    with pytest.raises(Http404):
        services.contract_create(actor=west, buyer=tree.east, data=_input(org, number="Y"))
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT
    assert Contract.objects.count() == 1
    assert AuditLog.objects.filter(outcome=AuditOutcome.DENIED, action="socialwork.contract.sign").exists()
