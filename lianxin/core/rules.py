import rules

from lianxin.core import scope
from lianxin.core.roles import Cap


@rules.predicate
def can_read_audit(user: object) -> bool:
    return scope.has_capability(user, Cap.AUDIT_VIEW)


@rules.predicate
def can_use_workbench(user: object) -> bool:
    return scope.has_capability(user, Cap.WORKBENCH)


rules.add_perm("core.view_auditlog", can_read_audit)
rules.add_perm("core.use_workbench", can_use_workbench)
rules.add_perm("core.grant_admin_role", rules.is_superuser)  # system, security and audit administrators
rules.add_perm("core.manage_calendar", rules.is_superuser)
