"""Records as cards (`<ul class="cards">`), written from plain strings (`record_cards`, `selectors.listing_cards`).

One string format per card instead of template nodes per field: a listing shows 20 cards, and Django's template
engine resolving, localising and escaping a dozen variables per card was the largest part of its render time.
`escaped` does what Django's `conditional_escape` does, without its lazy-argument checks, which cost more than the
escaping itself at a few hundred values per page.
"""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

CARD = """<li>
<article class="card">
  <h3 class="card__title"><a href="{url}">{title}</a></h3>
  <p class="card__labels">
    {type_badge}<span class="badge">{status}</span>
  </p>
  <p class="card__lead">{lead}</p>
  {meta}
</article>
</li>"""
TYPE_BADGE = '<span class="badge badge--type">{}</span>\n    '
META = '<p class="card__meta"><span class="card__meta-label">{}</span> {}</p>'


def escaped(value) -> str:
    """`value` for HTML: as it is if it is already safe (has `__html__`), otherwise escaped as Django escapes."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def cards_html(cards: list[dict], *, show_type: bool) -> SafeString:
    """The list of cards; each card dict has url, title, record_type, status, lead, when and districts (strings)."""
    if not cards:
        return mark_safe("")  # noqa: S308 – an empty string
    labels = {"when": escaped(_("When:")), "districts": escaped(_("Districts:"))}

    def card(card: dict) -> str:
        return CARD.format(
            url=escaped(card["url"]), title=escaped(card["title"]), status=escaped(card["status"]), lead=escaped(card["lead"]),
            type_badge=TYPE_BADGE.format(escaped(card["record_type"])) if show_type else "",
            meta="\n  ".join(META.format(label, escaped(card[key])) for key, label in labels.items() if card[key]),
        )

    return mark_safe('<ul class="cards">\n  ' + "".join(card(item) for item in cards) + "\n</ul>")  # noqa: S308 – every value escaped
