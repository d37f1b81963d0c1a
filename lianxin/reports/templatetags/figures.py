from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def figure_value(value: Any, figure: Any) -> str:
    """A figure's number as a card shows it: 1,234 · 92.5% · — (nothing to rate)."""
    if value is None:
        return "—"
    if getattr(figure, "is_rate", False):
        return f"{value}%"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(intcomma(value))


@register.filter
def get_section(titles: dict[str, Any], key: str) -> Any:
    return titles.get(key, key)


@register.filter
def call(function: Any, argument: Any) -> Any:
    """``{{ figure.link|call:record }}``: a figure's link for one of its records."""
    return function(argument)
