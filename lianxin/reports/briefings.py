"""Writing a briefing: the sentences of each section whose figures have data, the figures
named as {key} tokens, and rendering the tokens as numbers the way such text writes them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lianxin.orgs.models import OrgNode
from lianxin.reports.numbers import briefing_number
from lianxin.reports.periods import Period
from lianxin.reports.registry import SECTIONS, Figure, registry

TOKEN = re.compile(r"\{([a-z0-9_]+\.[a-z0-9_]+)\}")
NUMERALS = "一二三四五六七八九十"


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def number_text(figure: Figure, value: Any) -> str:
    """How the briefing writes a figure: 200余名, 约1.8万立方米, 66.7%."""
    if value is None:
        return "—"
    if figure.is_rate:
        return f"{value}%"
    with translation.override(settings.LANGUAGE_CODE):  # briefings are in the platform's language
        return f"{briefing_number(value, figure.wording, figure.exact_below)}{figure.unit}"


def compose(*, node: OrgNode, period: Period, values: dict[str, Any]) -> tuple[str, str]:
    """Title and text of a new briefing, in the platform's language, from the figures the
    writer may see (``values``): each section's sentences whose lead figure is not zero."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(area)s work briefing, %(period)s") % {"area": node.name, "period": period.label}
        paragraphs = [
            _(
                "In %(period)s, %(area)s kept to party building leading grassroots governance and "
                "served the people; the work in figures:"
            )
            % {"period": period.label, "area": node.name}
        ]
        number = 0
        for section, heading in SECTIONS.items():
            said = [
                str(s.text)
                for s in sorted(registry.sentences, key=lambda s: s.order)
                if s.section == section
                and all(key in values for key in tokens(str(s.text)))
                and values.get(s.lead)
            ]
            if said:
                paragraphs.append(f"{NUMERALS[number]}、{heading}")
                paragraphs.append("".join(said))
                number += 1
        if number == 0:
            paragraphs.append(_("No work was recorded for this area and period yet."))
    return title, "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Piece:
    text: str
    key: str = ""  # a figure's key when this piece is a number


def pieces(text: str, numbers: dict[str, str]) -> Iterator[Piece]:
    """The text cut into plain runs and numbers (for linking or bold printing)."""
    last = 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            yield Piece(text[last : match.start()])
        key = match[1]
        yield Piece(numbers.get(key, match[0]), key if key in numbers else "")
        last = match.end()
    if last < len(text):
        yield Piece(text[last:])


def is_heading(text: str) -> bool:
    """A section heading: 一、… to 十、…, alone on its line."""
    return len(text) > 2 and text[0] in NUMERALS and text[1] == "、" and "\n" not in text.strip()


def plain(text: str, numbers: dict[str, str]) -> str:
    return "".join(piece.text for piece in pieces(text, numbers))
