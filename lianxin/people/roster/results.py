"""What an import reports, and the two kinds of problem that end up in a report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    row: int  # Excel row number; the column titles are row 1
    field: str  # PersonInput field
    column: str  # column title in the sheet
    message: str


@dataclass
class RosterResult:
    created: int
    errors: list[RowError]
    file_error: str = ""
    ignored_columns: list[str] = field(default_factory=list)  # titles in the sheet that are not ours

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


class RosterProblem(Exception):
    """A problem with a message for the person who uploaded the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileError(RosterProblem):
    """The file as a whole cannot be read as a roster."""


class CellError(RosterProblem):
    """One cell cannot be read."""
