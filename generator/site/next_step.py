"""What a resident does next to get a service: how to apply, where, when, whom to ask.

One function, used by the finder (and open to the service pages): today no document
under data/ states any of this for any item — the plans give no office, channel, clock
time or telephone number (issue 15) — so it returns the honest gap, in plain words. When
items carry how-to-apply fields from other official documents, this is the one place
that reads them; the finder shows whatever it returns.
"""

from __future__ import annotations

from ..data.schema import Item
from .i18n import t


def next_step(item: Item, lang: str) -> dict:
    """{"known": bool, "text": str}: what the data says about how to apply, or that it says nothing."""
    return {"known": False, "text": t(lang, "next_step_unknown")}
