"""The task tree and its roll-up: a task with sub-tasks takes its progress and status from them.

A leaf counts its own progress (100 when done). A parent's progress is its children's
progress weighted by their weights; it is done when every child is done, not started while
no child has started, and in progress otherwise. Overdue means not done after its deadline.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lianxin.campaigns.models import Task, TaskStatus


@dataclass
class TaskNode:
    task: Task
    children: list[TaskNode] = field(default_factory=list)
    progress: float = 0.0
    status: str = TaskStatus.TODO
    overdue: bool = False
    leaves: int = 0
    leaves_done: int = 0
    depth: int = 0

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterable[TaskNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def _settle(node: TaskNode, now: dt.datetime, depth: int) -> None:
    node.depth = depth
    task = node.task
    if node.is_leaf:
        node.status = task.status
        node.progress = 100.0 if task.status == TaskStatus.DONE else float(task.progress)
        node.leaves, node.leaves_done = 1, int(task.status == TaskStatus.DONE)
    else:
        for child in node.children:
            _settle(child, now, depth + 1)
        weights = sum(child.task.weight for child in node.children)
        node.progress = sum(child.progress * child.task.weight for child in node.children) / weights
        statuses = {child.status for child in node.children}
        if statuses == {TaskStatus.DONE}:
            node.status = TaskStatus.DONE
        elif statuses == {TaskStatus.TODO}:
            node.status = TaskStatus.TODO
        else:
            node.status = TaskStatus.DOING
        node.leaves = sum(child.leaves for child in node.children)
        node.leaves_done = sum(child.leaves_done for child in node.children)
    node.overdue = node.status != TaskStatus.DONE and task.due_at < now


def build_tree(tasks: Iterable[Task], now: dt.datetime) -> list[TaskNode]:
    """The roots of the tree the tasks make (a task whose parent is not among them is a
    root), each with its roll-up, children in the tasks' order."""
    nodes = {task.pk: TaskNode(task) for task in tasks}
    children: dict[int, list[TaskNode]] = defaultdict(list)
    roots = []
    for node in nodes.values():
        parent = node.task.parent_id
        if parent is not None and parent in nodes:
            children[parent].append(node)
        else:
            roots.append(node)
    for pk, kids in children.items():
        nodes[pk].children = kids
    for root in roots:
        _settle(root, now, 0)
    return roots


def flatten(roots: Iterable[TaskNode]) -> list[TaskNode]:
    """Every node, depth first (for a table with indented rows)."""
    return [node for root in roots for node in root.walk()]


@dataclass
class Summary:
    leaves: int
    done: int
    overdue: int
    progress: float  # the mean of the roots' progress, weighted like siblings


def summarise(roots: list[TaskNode]) -> Summary:
    weights = sum(root.task.weight for root in roots)
    progress = sum(root.progress * root.task.weight for root in roots) / weights if weights else 0.0
    leaves = [node for root in roots for node in root.walk() if node.is_leaf]
    return Summary(
        leaves=len(leaves),
        done=sum(1 for node in leaves if node.status == TaskStatus.DONE),
        overdue=sum(1 for node in leaves if node.overdue),
        progress=progress,
    )
