"""No personal data leaves through the interface, in any answer, in either format."""

from __future__ import annotations

from lianxin.casework.workflow import State
from tests.open311.conftest import (
    BASE,
    CALLBACK_PHONE,
    REPORTER_NAME,
    REPORTER_PHONE,
    as_json,
    bring_to,
    new_case,
)

SECRETS = [
    REPORTER_NAME,
    REPORTER_PHONE,
    CALLBACK_PHONE,
    "13977778888",  # the phone given with a POST
    "privacy@example.org",
    "隐私名",
    "隐私姓",
    "jumin",  # the reporter's user name
    "svc-east-one",  # the service account's user name
]


def test_no_personal_data_in_any_answer(api, world):
    case = bring_to(world, new_case(world.reporter, photo=True), State.CLOSED)
    posted = as_json(
        api.post(
            BASE + "requests.json",
            {
                "api_key": world.key,
                "service_code": "facility-lights",
                "address_string": "东一路1号",
                "description": "路灯不亮",
                "phone": "13977778888",
                "email": "privacy@example.org",
                "first_name": "隐私名",
                "last_name": "隐私姓",
                "attribute[case_type]": "help",
            },
        )
    )[0]
    linked = as_json(
        api.post(
            BASE + "requests.json",
            {
                "api_key": world.key,
                "service_code": "facility-lights",
                "address_string": "东一路1号",
                "description": "报事居民本人打来的电话",
                "phone": REPORTER_PHONE,
                "attribute[case_type]": "help",
            },
        )
    )[0]
    bodies = []
    for fmt in ("json", "xml"):
        key = {"api_key": world.key}
        bodies += [
            api.post(BASE + f"requests.{fmt}", {**key, "service_code": "facility-lights"}).content,
            api.get(BASE + f"discovery.{fmt}").content,
            api.get(BASE + f"services.{fmt}").content,
            api.get(BASE + f"services/facility-lights.{fmt}").content,
            api.get(BASE + f"requests.{fmt}", key).content,
            api.get(BASE + f"requests/{case.number}.{fmt}", key).content,
            api.get(BASE + f"requests/{posted['service_request_id']}.{fmt}", key).content,
            api.get(BASE + f"tokens/{posted['token']}.{fmt}", key).content,
            api.get(BASE + f"requests/{linked['service_request_id']}.{fmt}", key).content,
        ]
    text = b"\n".join(bodies).decode()
    assert case.number in text and posted["service_request_id"] in text
    assert [secret for secret in SECRETS if secret in text] == []
