import rules

from lianxin.core.permissions import node_path, scoped_predicate
from lianxin.core.roles import Cap

rules.add_perm("reports.write_briefing", scoped_predicate(Cap.BRIEFINGS_WRITE, node_path))  # obj: the area
