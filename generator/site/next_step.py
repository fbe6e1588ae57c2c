"""What a resident does next to get a service, for the finder: how to apply, or the honest gap.

One function over the service page's practical fields (sitemodel.next_steps, issue 15):
when a registered document states how to apply, its words (and where to go); otherwise the
same plain gap the service page shows — 规划未写明办理方式 / The plan does not say how to
apply — naming the documents checked when the site holds more than the plan. Never an office,
a channel or a time that no document states.
"""

from __future__ import annotations

from ..data.schema import Item
from ..data.validate import CityData, Dataset
from .i18n import rules
from .sitemodel import next_steps


def next_step(dataset: Dataset, city: CityData, item: Item, lang: str) -> dict:
    """{"known": bool, "text": str}: how to apply, as a registered document says it, or the gap."""
    apply = next(f for f in next_steps(dataset, city, item) if f.name == "how_to_apply")
    how = item.how_to_apply  # the field `apply` shows, with its type
    if not apply.known or how is None:
        return {"known": False, "text": apply.gap(lang)}
    sep = rules(lang).list_separator
    parts = [how.steps[lang]] + ([how.where[lang]] if how.where else [])
    return {"known": True, "text": sep.join(parts)}
