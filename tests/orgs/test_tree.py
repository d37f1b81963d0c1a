from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianxin.orgs import selectors
from lianxin.orgs.models import OrgNode


def test_subtree_is_one_query_and_exact(tree):
    with CaptureQueriesContext(connection) as ctx:
        names = [n.name for n in selectors.subtree(node=tree.community)]
    assert len(ctx.captured_queries) == 1
    assert names == ["东一社区", "东一社区大党委", "东一第一网格", "1号楼", "东一物业"]


def test_subtree_excludes_siblings_and_their_children(tree):
    east = {n.name for n in selectors.subtree(node=tree.east)}
    assert "东二第一网格" in east
    assert "河西村" not in east and "管城回族区" not in east


def test_subtree_filtered_by_kind(tree):
    grids = [n.name for n in selectors.subtree(node=tree.district, kinds=["grid"])]
    assert grids == ["东一第一网格", "东二第一网格", "河西第一网格"]


def test_children_and_ancestors(tree):
    assert [n.name for n in selectors.children(node=tree.community)] == [
        "东一社区大党委",
        "东一第一网格",
        "东一物业",
    ]
    assert [n.name for n in selectors.ancestors(node=tree.building)] == [
        "管城回族区",
        "城东路街道",
        "城东路街道大工委",
        "居民党委",
        "东一社区",
        "东一第一网格",
    ]
    assert selectors.nearest_ancestor(node=tree.building, kinds={"community"}) == tree.community


def test_subtree_query_uses_the_path_index(tree):
    qs = selectors.subtree(node=tree.east)
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan and "path>? AND path<?" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Index" in plan and "orgs_orgnode" in plan


def test_many_children_get_distinct_ordered_paths(tree):
    for i in range(12):
        OrgNode.objects.add_child(tree.grid, {"name": f"{i}号楼", "kind": "building", "code": f"b-many-{i}"})
    paths = list(selectors.subtree(node=tree.grid, kinds=["building"]).values_list("path", flat=True))
    assert len(set(paths)) == 13 and paths == sorted(paths)
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])
