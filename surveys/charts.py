"""Accessible SVG bar charts of survey results, drawn on the server: no JavaScript, no fonts to fetch, no CSS
variables, so the same markup works in the browser and inside WeasyPrint's PDF.

Each chart is `role="img"` named by its `<title>` and described by its `<desc>` (every category with its number),
and draws the numbers as text next to the bars: colour never carries the meaning alone. The table that follows
every chart (`surveys/includes/question_result.html`) holds the same numbers for screen readers and copying.
Colours: bars #1f4e8c on white (8.6:1), text #1a1a1a on white (17:1).
"""

from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .results import Row

WIDTH = 640
LABEL_WIDTH = 230
NUMBER_WIDTH = 110
BAR_HEIGHT = 22
GAP = 10
LABEL_CHARACTERS = 34
BAR_COLOUR = "#1f4e8c"
TEXT_COLOUR = "#1a1a1a"
FONT = "font-family:sans-serif;font-size:13px"


def percent(share: float) -> str:
    """A share 0..1 the Polish way: one decimal, a decimal comma and a (no-break) space before "%": "42,5 %"."""
    return f"{share * 100:.1f}".replace(".", ",") + "\u00a0%"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(rows: list[Row], *, chart_id: str, title: str) -> SafeString:
    """A horizontal bar chart: one labelled bar per row, its count and share written after it."""
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    longest = max((row.count for row in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    description = "; ".join(f"{row.label}: {row.count} ({percent(row.share)})" for row in rows) or _("No answers yet.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" style="max-width:100%;height:auto">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for index, row in enumerate(rows):
        top = GAP + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT / 2 + 4.5
        length = round(room * row.count / longest, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}" style="{FONT}">{escape(_short(row.label))}</text>'
        )
        if length:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" fill="{TEXT_COLOUR}" style="{FONT}">{row.count} ({escape(percent(row.share))})</text>'
        )
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="{TEXT_COLOUR}" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 – every text in it went through escape()
