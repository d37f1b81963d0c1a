"""The roster (花名册): people in and out of an Excel workbook.

An import is all or nothing: every row is checked first, every problem is reported with its
Excel row and column, and people are written only when the whole file is clean, in one
transaction. An export has the template's columns, so a revealed export can be imported
again. Place names in the sheet are read relative to the node the roster belongs to.
"""

from lianxin.people.roster.columns import ROSTER_COLUMNS
from lianxin.people.roster.exporter import roster_export
from lianxin.people.roster.importer import roster_import
from lianxin.people.roster.results import RosterResult, RowError
from lianxin.people.roster.template import roster_template

__all__ = ["ROSTER_COLUMNS", "RosterResult", "RowError", "roster_export", "roster_import", "roster_template"]
