import pytest
from django.urls import reverse

from lianxin.core.roles import Role
from tests.factories import PersonFactory, UserFactory, grant


@pytest.mark.parametrize("role", [Role.SUBDISTRICT_STAFF, Role.COMMUNITY_WORKER, Role.AUDITOR, Role.RESIDENT])
def test_pages_render(client, tree, role):
    user = UserFactory.create()
    PersonFactory.create(node=tree.building, user=user, name="王小明")
    grant(user, role, tree.community if role != Role.SUBDISTRICT_STAFF else tree.east)
    client.force_login(user)
    for name, args in [
        ("home", ()),
        ("app-home", ()),
        ("app-me", ()),
        ("workbench", ()),
        ("orgs:tree", ()),
        ("orgs:picker", ()),
        ("orgs:node", (tree.community.pk,)),
        ("orgs:children", (tree.community.pk,)),
        ("orgs:add", (tree.community.pk,)),
        ("orgs:edit", (tree.community.pk,)),
        ("people:list", ()),
        ("people:add", ()),
        ("people:roster", ()),
        ("audit-log", ()),
    ]:
        response = client.get(reverse(name, args=args), follow=False)
        print(role, name, response.status_code)
        assert response.status_code in (200, 302, 404)
