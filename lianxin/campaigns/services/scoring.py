"""Monthly evaluation: an inspector's score sheet for a command post or village, and the
month's red and black flags awarded from the scores (after which the month is closed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.campaigns.access import post_users
from lianxin.campaigns.models import (
    AppliesTo,
    Campaign,
    Colour,
    CommandPost,
    Criterion,
    FlagAward,
    ScoreLine,
    ScoreSheet,
    Subject,
)
from lianxin.campaigns.periods import month_end, month_start
from lianxin.campaigns.ranking import CENT, Pick, Standing, flag_picks, month_results, villages
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.services import notify
from lianxin.orgs.models import OrgNode


def criteria_for(campaign: Campaign, subject: str) -> list[Criterion]:
    applies = [AppliesTo.BOTH, AppliesTo.POST if subject == Subject.POST else AppliesTo.VILLAGE]
    return list(campaign.criteria.filter(is_active=True, applies_to__in=applies).order_by("sort", "id"))


def month_is_closed(campaign: Campaign, month: dt.date) -> bool:
    return FlagAward.objects.filter(campaign=campaign, month=month).exists()


def _check_month(campaign: Campaign, month: dt.date) -> None:
    if month != month_start(month) or month_end(month) < campaign.starts_on or month > campaign.ends_on:
        raise ValidationError({"month": [_("Choose a month of the campaign.")]})
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": [_("A month is scored once it has begun.")]})
    if month_is_closed(campaign, month):
        raise ValidationError({"month": [_("This month's flags are awarded; its scores are closed.")]})


@dataclass
class LineInput:
    score: Decimal | None
    comment: str = ""


def weighted_total(lines: list[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ score × weight / Σ weight, to the cent."""
    weights = sum((weight for _score, weight in lines), Decimal(0))
    return (sum((score * weight for score, weight in lines), Decimal(0)) / weights).quantize(
        CENT, ROUND_HALF_UP
    )


def sheet_submit(
    *,
    actor: Any,
    campaign: Campaign,
    month: dt.date,
    holder: CommandPost | OrgNode,
    lines: dict[int, LineInput],
    comment: str = "",
) -> ScoreSheet:
    """Score a command post or village for the month, one score (0–100) per criterion; the
    same inspector scoring it again replaces their sheet."""
    require(actor, "campaigns.inspect_campaign", campaign, action="campaigns.sheet.submit")
    subject = Subject.POST if isinstance(holder, CommandPost) else Subject.VILLAGE
    if subject == Subject.POST and holder.campaign_id != campaign.pk:  # type: ignore[union-attr]
        raise ValidationError({"holder": [_("Choose a command post of this campaign.")]})
    if subject == Subject.VILLAGE and holder.pk not in {v.pk for v in villages(campaign)}:
        raise ValidationError({"holder": [_("Choose a village of the campaign's area.")]})
    _check_month(campaign, month)
    criteria = criteria_for(campaign, subject)
    if not criteria:
        raise ValidationError({"__all__": [_("The scoring sheet has no criteria yet.")]})
    errors: dict[str, list[str]] = {}
    for criterion in criteria:
        line = lines.get(criterion.pk)
        if line is None or line.score is None:
            errors[f"score_{criterion.pk}"] = [_("Give a score.")]
        elif not 0 <= line.score <= 100:
            errors[f"score_{criterion.pk}"] = [_("A score is from 0 to 100.")]
    if errors:
        raise ValidationError(errors)
    scored = [(criterion, lines[criterion.pk]) for criterion in criteria]
    total = weighted_total([(line.score, criterion.weight) for criterion, line in scored])  # type: ignore[misc]
    holder_field = {"post": holder} if subject == Subject.POST else {"village": holder}
    with transaction.atomic():
        sheet, created = ScoreSheet.objects.select_for_update().get_or_create(
            campaign=campaign,
            month=month,
            subject=subject,
            inspector=actor,
            **holder_field,
            defaults={"total": total, "comment": comment.strip()},
        )
        was = None if created else str(sheet.total)
        if not created:
            sheet.total, sheet.comment = total, comment.strip()
            sheet.save(update_fields=["total", "comment", "updated_at"])
            sheet.lines.all().delete()
        ScoreLine.objects.bulk_create(
            [
                ScoreLine(
                    sheet=sheet,
                    criterion=criterion,
                    score=line.score,  # type: ignore[misc]
                    weight=criterion.weight,
                    comment=line.comment.strip(),
                )
                for criterion, line in scored
            ]
        )
        audit_record(
            actor=actor,
            action="campaigns.sheet.submit",
            obj=sheet,
            detail={"month": f"{month:%Y-%m}", "total": str(total), "was": was},
        )
    return sheet


def _consequence(campaign: Campaign, colour: str, subject: str) -> tuple[str, Decimal | None]:
    if colour == Colour.RED:
        if subject == Subject.POST:
            return campaign.red_post_consequence, None
        return campaign.red_village_consequence, campaign.red_village_reward or None
    if subject == Subject.POST:
        return campaign.black_post_consequence, None
    return campaign.black_village_consequence, None


def _chosen(pick: Pick, choices: dict[str, str]) -> tuple[Standing | None, str]:
    if not pick.needs_choice:
        return pick.winner, pick.how
    key = choices.get(pick.slot, "")
    found = next((standing for standing in pick.tied if standing.key == key), None)
    if found is None:
        raise ValidationError({pick.slot: [_("They are level: choose who gets this flag.")]})
    return found, pick.how


def flags_award(
    *, actor: Any, campaign: Campaign, month: dt.date, choices: dict[str, str] | None = None
) -> list[FlagAward]:
    """Award the month's red and black flags by the rule in ``ranking``; where it leaves a tie,
    ``choices`` names who gets the flag (slot such as ``red-post`` → standing key). Closes
    the month's scoring."""
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.flags.award")
    choices = choices or {}
    if month != month_start(month) or month_end(month) < campaign.starts_on or month > campaign.ends_on:
        raise ValidationError({"month": [_("Choose a month of the campaign.")]})
    if month_end(month) > timezone.localdate():
        raise ValidationError({"month": [_("Flags are awarded on the month's last day or after it.")]})
    if month_is_closed(campaign, month):
        raise ValidationError({"month": [_("This month's flags are already awarded.")]})
    picks = flag_picks(month_results(campaign=campaign, month=month))
    decided: list[tuple[Pick, Standing, str]] = []
    for pick in picks:
        winner, how = _chosen(pick, choices)
        if winner is not None:
            decided.append((pick, winner, how))
    for subject in (Subject.POST, Subject.VILLAGE):
        holders = [winner.key for pick, winner, _how in decided if pick.subject == subject]
        if len(holders) != len(set(holders)):
            raise ValidationError(
                {f"black-{subject}": [_("The red and the black flag cannot go to the same.")]}
            )
    if not decided:
        raise ValidationError({"month": [_("Nobody was scored this month, so there are no flags to award.")]})
    now = timezone.now()
    with transaction.atomic():
        awards = []
        for pick, winner, how in decided:
            consequence, reward = _consequence(campaign, pick.colour, pick.subject)
            awards.append(
                FlagAward.objects.create(
                    campaign=campaign,
                    month=month,
                    colour=pick.colour,
                    subject=pick.subject,
                    post=winner.holder if pick.subject == Subject.POST else None,
                    village=winner.holder if pick.subject == Subject.VILLAGE else None,
                    score=winner.score or 0,
                    consequence=consequence,
                    reward=reward,
                    how=how,
                    awarded_by=actor,
                    awarded_at=now,
                )
            )
        audit_record(
            actor=actor,
            action="campaigns.flags.award",
            obj=campaign,
            detail={
                "month": f"{month:%Y-%m}",
                "flags": {f"{a.colour}-{a.subject}": str(a.holder) for a in awards},
            },
        )
    for award in awards:
        if award.post is not None:
            notify(
                users=post_users(award.post),
                title=_("%(post)s: %(flag)s for %(month)s")
                % {"post": award.post.name, "flag": award.get_colour_display(), "month": f"{month:%Y-%m}"},
                url=reverse("campaigns:post", args=[award.post.pk]),
            )
    return awards
