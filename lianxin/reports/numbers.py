"""Numbers written the way a work briefing writes them.

- ``exact``: as counted (454名, 11支).
- ``about`` (counts of people, services …): exact below 200; then the leading figure (two when
  it is a 1) and "余" for "more than" — 201 → 200余, 842 → 800余, 1523 → 1500余, 9386 → 9000余,
  20345 → 2万余, 18500 → 1.8万余; a round number stays plain (200, 1万).
- ``measure`` (cubic metres, square metres …): exact below 200; then two significant figures,
  with "约" unless the rounding changed nothing — 18000.4 → 约1.8万, 600000 → 60万.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

EXACT_BELOW = 200
WAN = Decimal(10000)


def _plain(value: Decimal) -> str:
    """1.50 → 1.5, 2.0 → 2, 454 → 454."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unit_of(value: Decimal, figures: int) -> Decimal:
    """The place value the leading ``figures`` significant figures of ``value`` end at."""
    digits = len(str(int(abs(value))))
    return Decimal(10) ** max(digits - figures, 0)


def _in_wan(value: Decimal) -> str:
    return f"{_plain(value / WAN)}万" if value >= WAN else _plain(value)


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to rate."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def briefing_number(
    value: float | int | Decimal, wording: str = "about", exact_below: int = EXACT_BELOW
) -> str:
    number = Decimal(str(value))
    if wording == "exact" or abs(number) < exact_below:
        return _plain(number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if wording == "measure":
        step = _unit_of(number, 2)
        rounded = (number / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        return _in_wan(rounded) if rounded == number else f"约{_in_wan(rounded)}"
    step = _unit_of(number, 2 if str(int(abs(number)))[0] == "1" else 1)
    floored = (number / step).quantize(Decimal(1), rounding=ROUND_DOWN) * step
    return _in_wan(floored) if floored == number else f"{_in_wan(floored)}余"
