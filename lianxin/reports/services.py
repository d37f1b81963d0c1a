"""Writing, editing and issuing briefings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.orgs.models import OrgNode
from lianxin.reports import selectors
from lianxin.reports.briefings import compose, number_text, tokens
from lianxin.reports.models import Briefing, BriefingState
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry


def briefing_create(*, actor: Any, node: OrgNode, period: Period) -> Briefing:
    """A draft written from the figures the actor may see for the node and period."""
    require(actor, "reports.write_briefing", node, action="reports.briefing.create")
    figures = selectors.visible_figures(actor=actor, node=node)
    values = selectors.values(figures, node, period)
    title, body = compose(node=node, period=period, values=values)
    with transaction.atomic():
        briefing = Briefing.objects.create(
            node=node,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            title=title,
            body=body,
            written_by=actor,
        )
        audit_record(actor=actor, action="reports.briefing.create", obj=briefing)
    return briefing


def _check_text(actor: Any, node: OrgNode, title: str, body: str) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the briefing a title.")]
    visible = {f.key for f in selectors.visible_figures(actor=actor, node=node)}
    unknown = sorted({key for key in tokens(body) if key not in visible})
    if unknown:
        errors["body"] = [
            _("These figures do not exist or are not yours to report: %(keys)s.")
            % {"keys": ", ".join("{" + key + "}" for key in unknown)}
        ]
    if not body.strip():
        errors["body"] = [_("The briefing has no text.")]
    if errors:
        raise ValidationError(errors)


def briefing_update(*, actor: Any, briefing: Briefing, title: str, body: str) -> Briefing:
    require(actor, "reports.write_briefing", briefing.node, action="reports.briefing.update")
    _check_text(actor, briefing.node, title, body)
    with transaction.atomic():
        locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
        if locked.is_issued:
            raise ValidationError({"body": [_("An issued briefing cannot be changed.")]})
        locked.title, locked.body = title.strip(), body.strip()
        locked.save(update_fields=["title", "body", "updated_at"])
        audit_record(actor=actor, action="reports.briefing.update", obj=locked)
    return locked


def briefing_issue(*, actor: Any, briefing: Briefing) -> Briefing:
    """Freeze the briefing: its figures are stored with the values they have now."""
    require(actor, "reports.write_briefing", briefing.node, action="reports.briefing.issue")
    period = Period(briefing.period_start, briefing.period_end, briefing.period_kind)
    with transaction.atomic():
        locked = Briefing.objects.select_for_update().select_related("node").get(pk=briefing.pk)
        if locked.is_issued:
            raise ValidationError({"state": [_("This briefing was issued already.")]})
        _check_text(actor, locked.node, locked.title, locked.body)
        named = [registry.figures[key] for key in dict.fromkeys(tokens(locked.body))]
        values = selectors.values(named, locked.node, period)
        locked.figures = {
            f.key: {
                "value": None if values[f.key] is None else str(values[f.key]),
                "text": number_text(f, values[f.key]),
            }
            for f in named
        }
        locked.state = BriefingState.ISSUED
        locked.issued_by = actor
        locked.issued_at = timezone.now()
        locked.save()
        audit_record(actor=actor, action="reports.briefing.issue", obj=locked, detail={"figures": len(named)})
    return locked
