"""Progress since the 2020 baseline: the status Open SDG computes, by Statistics Canada's method.

Method (Open SDG, "Progress Measurement Methodology", quantitative targets): compare the
growth observed so far with the growth the target needs, both as compound annual rates,

    CAGR_o = (y_t / y_0) ^ (1 / (t - t_0)) - 1        observed: baseline year t_0 to the latest year t
    CAGR_r = (y_T / y_0) ^ (1 / (T - t_0)) - 1        required: baseline to the target y_T in T = 2025
    R      = d × CAGR_o / |CAGR_r|                     d = +1 when higher is better, -1 when lower is

and read the ratio R against fixed thresholds: the target is achieved when the latest value has
reached it (in the wanted direction); else R ≥ 95 % is substantial progress, 60 % ≤ R < 95 %
moderate progress (acceleration needed), 0 ≤ R < 60 % limited progress and R < 0 deterioration.

Where the method does not apply, the status says why instead of guessing: no value reported
after 2020, no 2020 value, no numeric target, a five-year cumulative target (a growth rate of a
running total means nothing), values at or below zero (no growth rate), or no known direction.

The direction comes from the indicator's `direction` field when given, else from how the target
is printed (以上/不少于 → higher, 以下/不超过 → lower), else from the target against the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..data.schema import Comparator, Direction, Indicator

BASE_YEAR = 2020
TARGET_YEAR = 2025
SUBSTANTIAL = 0.95  # R at or above: substantial progress (Open SDG: "on track")
MODERATE = 0.60  # R at or above (and below SUBSTANTIAL): moderate progress, acceleration needed


class Status(str, Enum):
    target_achieved = "target_achieved"
    substantial = "substantial"
    moderate = "moderate"
    limited = "limited"
    deterioration = "deterioration"
    # No status, and the reason:
    no_data = "no_data"  # no value reported after the baseline
    no_baseline = "no_baseline"
    no_numeric_target = "no_numeric_target"
    cumulative = "cumulative"
    not_positive = "not_positive"
    no_direction = "no_direction"


COMPUTED = (Status.target_achieved, Status.substantial, Status.moderate, Status.limited, Status.deterioration)


@dataclass(frozen=True)
class Progress:
    status: Status
    direction: Direction | None = None
    direction_from: str = ""  # field, comparator or baseline: how the direction was decided
    y0: float | None = None  # baseline value (t0 = BASE_YEAR)
    t: int | None = None  # latest observed year
    yt: float | None = None  # latest observed value
    yT: float | None = None  # target value (T = TARGET_YEAR)
    cagr_observed: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None

    @property
    def computed(self) -> bool:
        return self.status in COMPUTED


def direction_of(indicator: Indicator) -> tuple[Direction | None, str]:
    """Which way is progress, and how that was decided ("field", "comparator", "baseline" or "")."""
    if indicator.direction is not None:
        return indicator.direction, "field"
    comparator = indicator.target.comparator
    if comparator in (Comparator.ge, Comparator.gt):
        return Direction.higher, "comparator"
    if comparator in (Comparator.le, Comparator.lt):
        return Direction.lower, "comparator"
    base = indicator.baseline.value if indicator.baseline else None
    target = indicator.target.value
    if base is not None and target is not None and target != base:
        return (Direction.higher if target > base else Direction.lower), "baseline"
    return None, ""


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from `start` to `end` over `years` (both values above zero)."""
    return (end / start) ** (1 / years) - 1


def progress_of(indicator: Indicator) -> Progress:
    """The indicator's progress status from its latest observation (see the module docstring)."""
    direction, source = direction_of(indicator)
    latest = max(indicator.observations, key=lambda o: o.year, default=None)
    if latest is None:
        return Progress(Status.no_data, direction, source)
    y0 = indicator.baseline.value if indicator.baseline else None
    yT = indicator.target.value
    known: dict[str, Any] = dict(direction=direction, direction_from=source, y0=y0, t=latest.year, yt=latest.value, yT=yT)
    if y0 is None:
        return Progress(Status.no_baseline, **known)
    if yT is None:
        return Progress(Status.no_numeric_target, **known)
    if indicator.cumulative:
        return Progress(Status.cumulative, **known)
    if direction is None:
        return Progress(Status.no_direction, **known)
    d = 1 if direction is Direction.higher else -1
    if d * (latest.value - yT) >= 0:
        return Progress(Status.target_achieved, **known)
    if min(y0, latest.value, yT) <= 0:
        return Progress(Status.not_positive, **known)
    observed = cagr(y0, latest.value, latest.year - BASE_YEAR)
    required = cagr(y0, yT, TARGET_YEAR - BASE_YEAR)
    if required == 0:
        # Target equal to the baseline and not reached: any move the wrong way is deterioration.
        return Progress(Status.deterioration, cagr_observed=observed, cagr_required=required, **known)
    ratio = d * observed / abs(required)
    return Progress(_status_of_ratio(ratio), cagr_observed=observed, cagr_required=required, ratio=ratio, **known)


def _status_of_ratio(ratio: float) -> Status:
    if ratio >= SUBSTANTIAL:
        return Status.substantial
    if ratio >= MODERATE:
        return Status.moderate
    if ratio >= 0:
        return Status.limited
    return Status.deterioration
