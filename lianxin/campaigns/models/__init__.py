"""The campaign app's records, one module per part of the work."""

from lianxin.campaigns.models.campaign import (
    Campaign,
    CommandPost,
    CommandPostArea,
    CommandPostMember,
    GroupDuty,
    LeadingGroupMember,
)
from lianxin.campaigns.models.figures import FigureReport, Metric, Span, WeeklyMeeting
from lianxin.campaigns.models.inspections import Finding, FindingPhoto, FindingStatus, ReInspection
from lianxin.campaigns.models.scoring import (
    AppliesTo,
    Colour,
    Criterion,
    FlagAward,
    ScoreLine,
    ScoreSheet,
    Subject,
)
from lianxin.campaigns.models.tasks import Task, TaskEvent, TaskEvidence, TaskSource, TaskStatus

__all__ = [
    "AppliesTo",
    "Campaign",
    "Colour",
    "CommandPost",
    "CommandPostArea",
    "CommandPostMember",
    "Criterion",
    "FigureReport",
    "Finding",
    "FindingPhoto",
    "FindingStatus",
    "FlagAward",
    "GroupDuty",
    "LeadingGroupMember",
    "Metric",
    "ReInspection",
    "ScoreLine",
    "ScoreSheet",
    "Span",
    "Subject",
    "Task",
    "TaskEvent",
    "TaskEvidence",
    "TaskSource",
    "TaskStatus",
    "WeeklyMeeting",
]
