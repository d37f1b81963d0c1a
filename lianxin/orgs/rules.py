import rules

from lianxin.core.permissions import node_path, scoped_predicate
from lianxin.core.roles import Cap

can_view_node = scoped_predicate(Cap.ORGS_VIEW, node_path)
can_manage_node = scoped_predicate(Cap.ORGS_MANAGE, node_path)

rules.add_perm("orgs.view_orgnode", can_view_node)
rules.add_perm("orgs.add_orgnode", can_manage_node)  # obj: the parent
rules.add_perm("orgs.add_root", rules.is_superuser)  # a new district
rules.add_perm("orgs.change_orgnode", can_manage_node)
rules.add_perm("orgs.manage_positions", can_manage_node)  # obj: the node
rules.add_perm("orgs.manage_committee", can_manage_node)  # obj: the committee
