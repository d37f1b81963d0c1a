"""The demo builds one client whose published key works (demo only)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client as HttpClient
from django.utils import translation

from lianxin.demo import clients
from lianxin.open311.models import Client
from tests.open311.conftest import BASE


def test_the_demo_client_reads_its_area_and_its_key_is_printed(db):
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", "--not-production", stdout=out, stderr=io.StringIO())
    assert clients.KEY in out.getvalue()
    client = Client.objects.select_related("user").get()
    assert (client.name, client.user.username, client.channel) == (
        clients.CLIENT_NAME,
        clients.ACCOUNT,
        "hotline",
    )
    assert not client.user.has_usable_password()
    response = HttpClient().get(BASE + "requests.json", {"api_key": clients.KEY})
    assert response.status_code == 200 and len(response.json()) >= 9
