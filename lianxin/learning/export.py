"""Excel exports for staff: a course's learners and their progress, study hours by branch."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lianxin.learning.models import Course, CourseProgress
from lianxin.learning.selectors import BranchHours

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(title: str, head: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(head))
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _local(value: object) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""  # type: ignore[arg-type]


def progress_xlsx(course: Course, rows: Iterable[CourseProgress], lessons: int) -> bytes:
    head = [
        _("Learner"),
        _("Party branch"),
        _("Lessons done"),
        _("Minutes credited"),
        _("Best quiz score"),
        _("Completed"),
    ]
    return _workbook(
        course.title,
        head,
        (
            (
                row.person.name,
                row.person.party_branch.name if row.person.party_branch else "",
                f"{row.lessons_done}/{lessons}",  # type: ignore[attr-defined]
                round(row.seconds / 60, 1),  # type: ignore[attr-defined]
                row.best_score if row.best_score is not None else "",
                _local(row.completed_at),
            )
            for row in rows
        ),
    )


def branch_hours_xlsx(rows: Iterable[BranchHours]) -> bytes:
    head = [_("Party branch"), _("Learners"), _("Study hours")]
    return _workbook(_("Study hours"), head, ((r.branch, r.learners, r.hours) for r in rows))


def attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
