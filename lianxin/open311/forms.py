"""Reading a POSTed service request into the casework input, and the key management form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.casework.models import CaseType, Channel, Priority
from lianxin.casework.services import CaseInput
from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.pii import keyed_hash, normalise_phone
from lianxin.core.roles import Cap
from lianxin.open311 import selectors
from lianxin.open311.formats import Problem
from lianxin.open311.models import Client
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User

MICRODEGREE = Decimal("0.000001")
MAX_ADDRESS = 200  # as long as a case's address may be
MAX_ID = 100
MAX_URL = 1000


@dataclass
class Inbound:
    """A POSTed request, checked: what casework needs, and what the interface keeps beside it."""

    data: CaseInput
    device_id: str
    account_id: str
    media_url: str


def _value(params: Mapping[str, str], name: str) -> str:
    return (params.get(name) or "").strip()


def _coordinates(params: Mapping[str, str], errors: list[str]) -> tuple[Decimal | None, Decimal | None]:
    lat, long = _value(params, "lat"), _value(params, "long")
    if not lat and not long:
        return None, None
    if not lat or not long:
        errors.append(_("lat and long: send both, or neither."))
        return None, None
    try:
        latitude, longitude = Decimal(lat), Decimal(long)
    except InvalidOperation:
        latitude = longitude = Decimal("NaN")
    if not (latitude.is_finite() and longitude.is_finite() and abs(latitude) <= 90 and abs(longitude) <= 180):
        errors.append(_("lat and long: give decimal degrees (WGS84)."))
        return None, None
    return latitude.quantize(MICRODEGREE), longitude.quantize(MICRODEGREE)


def _place(client: Client, address_id: str, errors: list[str]) -> OrgNode | None:
    if not address_id:
        return None
    node = (
        OrgNode.objects.filter(scope.scope_q(client.user, Cap.CASES_INTAKE))
        .filter(code=address_id, is_active=True)
        .first()
    )
    if node is None:
        errors.append(_("address_id: no such place in the area this api_key serves."))
    return node


def _resident(client: Client, phone: str) -> Person | None:
    """The registered resident of the client's area with this phone number, if there is exactly
    one: the request is then theirs (they follow it in their app); else it is anonymous."""
    found = list(
        Person.objects.filter(phone_hash=keyed_hash(normalise_phone(phone)))
        .filter(scope.scope_q(client.user, Cap.CASES_INTAKE, field="node__path"))
        .select_related("node")[:2]
    )
    return found[0] if len(found) == 1 else None


def _url(value: str, errors: list[str]) -> str:
    if not value:
        return ""
    try:
        if len(value) > MAX_URL:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        message = _("media_url: give an http or https address of at most %(n)d characters.")
        errors.append(message % {"n": MAX_URL})
        return ""
    return value


def read_request(params: Mapping[str, str], *, client: Client) -> Inbound:
    """The request in ``params`` (form-encoded fields), or a Problem: 400 with one entry per
    mistake, 404 for an unknown service. Names and e-mail addresses are read past, never kept."""
    code = _value(params, "service_code")
    if not code:
        raise Problem(400, [_("service_code: it was not provided.")])
    category = selectors.service_list().filter(code=code).first()
    if category is None:
        raise Problem(404, [_("service_code: no such service: %(codes)s.") % {"codes": code}])
    errors: list[str] = []
    case_type = _value(params, "attribute[case_type]")
    if case_type not in CaseType.values:
        errors.append(_("attribute[case_type]: required; one of the values in the service definition."))
    priority = _value(params, "attribute[priority]") or Priority.NORMAL
    if priority not in Priority.values:
        errors.append(_("attribute[priority]: one of the values in the service definition."))
    if not _value(params, "description"):
        errors.append(_("description: say what the request is about."))
    latitude, longitude = _coordinates(params, errors)
    address = _value(params, "address_string")
    if len(address) > MAX_ADDRESS:
        errors.append(_("address_string: at most %(n)d characters.") % {"n": MAX_ADDRESS})
    address_id = _value(params, "address_id")
    node = _place(client, address_id, errors)
    if not (_value(params, "lat") or _value(params, "long") or address or address_id):
        errors.append(_("A location is required: lat and long, address_string or address_id."))
    phone = _value(params, "phone")
    if not phone:
        errors.append(_("phone: a number to call the resident back is required."))
    device_id, account_id = _value(params, "device_id"), _value(params, "account_id")
    if len(device_id) > MAX_ID or len(account_id) > MAX_ID:
        errors.append(_("device_id and account_id: at most %(n)d characters each.") % {"n": MAX_ID})
    media_url = _url(_value(params, "media_url"), errors)
    if errors:
        raise Problem(400, errors)
    reporter = _resident(client, phone)
    data = CaseInput(
        channel=client.channel,
        case_type=case_type,
        category=category,
        text=(params.get("description") or "").strip(),
        address=address or (node.address if node is not None else ""),
        latitude=latitude,
        longitude=longitude,
        priority=priority,
        is_anonymous=reporter is None,
        callback_phone=phone,
        node=node,
        reporter=reporter,
    )
    return Inbound(data=data, device_id=device_id, account_id=account_id, media_url=media_url)


# How casework names a field, and how the interface calls it.
FIELD_NAMES = {
    "text": "description",
    "callback_phone": "phone",
    "reporter": "phone",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "case_type": "attribute[case_type]",
    "priority": "attribute[priority]",
    "category": "service_code",
}


def problem_from(exc: ValidationError) -> Problem:
    """casework's field errors as 400 entries, each named by its interface field."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    descriptions = []
    for field, texts in messages.items():
        if field == "address":
            texts = [
                _(
                    "the place was not found: give lat and long inside a grid, the address of a "
                    "registered building, or an address_id."
                )
            ]
        name = FIELD_NAMES.get(field, field)
        descriptions += [f"{name}: {text}" if name and name != "__all__" else text for text in texts]
    return Problem(400, descriptions)


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_username()})"


class ClientForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    user = AccountChoiceField(
        label=gettext_lazy("Service account"),
        queryset=User.objects.none(),
        help_text=gettext_lazy(
            "An account holding a role with request intake on the area the client serves: the "
            "client submits and reads requests as this account."
        ),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Requests come in by"),
        choices=[choice for choice in Channel.choices if choice[0] != Channel.APP],
        initial=Channel.HOTLINE,
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = selectors.service_accounts(actor=actor).select_related("person")
        self.fields["user"].queryset = accounts  # type: ignore[attr-defined]
