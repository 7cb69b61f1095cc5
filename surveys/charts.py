"""Accessible bar charts of survey results, drawn on the server: one layout (`layout`: where each bar, label and number
goes) drawn as inline SVG for the browser and the PDF (`svg`) and as a PNG for the DOCX report (`png`), so both formats
show the same bars, labels and numbers.

The SVG needs no JavaScript, no fonts to fetch, no CSS variables, so the same markup works in the browser and inside
WeasyPrint's PDF. Each chart is `role="img"` named by its `<title>` and described by its `<desc>` (every category with
its number), and draws the numbers as text next to the bars: colour never carries the meaning alone. The table that
follows every chart (`surveys/includes/question_result.html`) holds the same numbers for screen readers and copying;
the DOCX gives the PNG its title and description as alternative text and puts the same table after it.
The PNG is drawn by Pillow (already installed with Wagtail) in DejaVu Sans, the font the PDF uses (Debian's
fonts-dejavu-core, which `bin/_env.sh` installs), at `PNG_SCALE` × the SVG's pixels: 192 dpi at the chart's natural size.
Colours: bars #1f4e8c on white (8.6:1), text #1a1a1a on white (17:1).
"""

import functools
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .results import QuestionResult, Row

WIDTH = 640
LABEL_WIDTH = 230
NUMBER_WIDTH = 110
BAR_HEIGHT = 22
GAP = 10
LABEL_CHARACTERS = 34
BAR_COLOUR = "#1f4e8c"
TEXT_COLOUR = "#1a1a1a"
FONT_SIZE = 13
FONT = f"font-family:sans-serif;font-size:{FONT_SIZE}px"
PNG_SCALE = 2  # the SVG's pixels are CSS pixels (96 per inch): 192 dpi at the same size
FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core: every Polish letter


@dataclass(frozen=True)
class Bar:
    """One row of a chart in the SVG's pixels: its label ends at `label_x`, its number starts at `number_x`, both on
    `baseline`; a bar of `length` 0 is not drawn."""

    label: str
    number: str
    top: int
    baseline: float
    length: float
    label_x: int
    number_x: float


@dataclass(frozen=True)
class Chart:
    """What a chart shows and where: `title` and `description` name it for screen readers, `axis` is the x where the
    bars start."""

    title: str
    description: str
    width: int
    height: int
    axis: int
    bars: list[Bar]


def percent(share: float) -> str:
    """A share 0..1 the Polish way: one decimal, a decimal comma and a (no-break) space before "%": "42,5 %"."""
    return f"{share * 100:.1f}".replace(".", ",") + "\u00a0%"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def described(rows: list[Row]) -> str:
    """Every row with its number, as a chart's description says it: "tramwajem: 2 (66,7 %); rowerem: 1 (33,3 %)"."""
    return "; ".join(f"{row.label}: {row.count} ({percent(row.share)})" for row in rows)


def question_title(result: QuestionResult) -> str:
    """The title of a question's chart: what its bars count (a ranking's bars count first places)."""
    counted = _("How often each option was placed first") if result.kind == "ranking" else pgettext("survey results", "Answers")
    return f"{result.text} – {counted}"


def layout(rows: list[Row], *, title: str) -> Chart:
    """A horizontal bar chart: one labelled bar per row, its count and share written after it."""
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    longest = max((row.count for row in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    bars = []
    for index, row in enumerate(rows):
        top = GAP + index * (BAR_HEIGHT + GAP)
        length = round(room * row.count / longest, 1)
        bars.append(Bar(
            label=_short(row.label), number=f"{row.count} ({percent(row.share)})", top=top,
            baseline=top + BAR_HEIGHT / 2 + 4.5, length=length, label_x=LABEL_WIDTH - 8, number_x=LABEL_WIDTH + length + 6,
        ))
    return Chart(title, described(rows) or _("No answers yet."), WIDTH, height, LABEL_WIDTH, bars)


def bar_chart(rows: list[Row], *, chart_id: str, title: str) -> SafeString:
    """The chart of these rows as inline SVG; its ids are "<chart_id>-title" and "<chart_id>-desc"."""
    return svg(layout(rows, title=title), chart_id=chart_id)


def svg(chart: Chart, *, chart_id: str) -> SafeString:
    width, height = chart.width, chart.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" style="max-width:100%;height:auto">',
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(chart.description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for bar in chart.bars:
        parts.append(
            f'<text x="{bar.label_x}" y="{bar.baseline}" text-anchor="end" fill="{TEXT_COLOUR}" style="{FONT}">{escape(bar.label)}</text>'
        )
        if bar.length:
            parts.append(f'<rect x="{chart.axis}" y="{bar.top}" width="{bar.length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>')
        parts.append(
            f'<text x="{bar.number_x}" y="{bar.baseline}" fill="{TEXT_COLOUR}" style="{FONT}">{escape(bar.number)}</text>'
        )
    parts.append(f'<line x1="{chart.axis}" y1="0" x2="{chart.axis}" y2="{height}" stroke="{TEXT_COLOUR}" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 – every text in it went through escape()


@functools.cache
def _font(size: int):
    from PIL import ImageFont

    basic = ImageFont.Layout.BASIC  # the same glyphs and widths whether or not libraqm is installed
    try:
        return ImageFont.truetype(FONT_FILE, size, layout_engine=basic)
    except OSError:  # another system's path: Pillow looks the file up in the system's font folders
        return ImageFont.truetype("DejaVuSans.ttf", size, layout_engine=basic)


def _fitted(text: str, font, room: float) -> str:
    """The label cut further (with "…") where DejaVu Sans is wider than the room `_short`'s count of letters expects."""
    if font.getlength(text) <= room:
        return text
    text = text.removesuffix("…")
    while text and font.getlength(text.rstrip() + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _palette() -> list[int]:
    """Grey `n` for every index n, but index 0 is the bars' colour: text (#1a1a1a = grey 26) and its smoothed edges
    on white are greys 26–255, so the bars can be drawn as 0 in a one-byte-per-pixel image and coloured by the palette."""
    bar = [int(BAR_COLOUR[index:index + 2], 16) for index in (1, 3, 5)]
    return bar + [grey for grey in range(1, 256) for _ in range(3)]


def png(chart: Chart, *, scale: int = PNG_SCALE) -> bytes:
    """The chart as a PNG of `scale` × its pixels (dpi written in the file), drawn from the same layout as `svg`.

    Drawn in greys with the bars as grey 0 and saved with `_palette`: one byte a pixel instead of RGB's three to
    compress, which was most of the time and size (a 9-bar chart: 31 → 14 ms, 63 → 29 kB)."""
    from PIL import Image, ImageDraw

    text = int(TEXT_COLOUR[1:3], 16)  # #1a1a1a is a grey
    image = Image.new("L", (chart.width * scale, chart.height * scale), 255)
    draw = ImageDraw.Draw(image)
    font = _font(FONT_SIZE * scale)
    for bar in chart.bars:
        baseline = bar.baseline * scale
        label = _fitted(bar.label, font, (bar.label_x - 2) * scale)
        draw.text((bar.label_x * scale, baseline), label, fill=text, font=font, anchor="rs")
        if bar.length:
            left, top = chart.axis * scale, bar.top * scale
            right = max(left, round((chart.axis + bar.length) * scale) - 1)  # a bar of a few answers among many: one pixel
            draw.rectangle((left, top, right, top + BAR_HEIGHT * scale - 1), fill=0)
        draw.text((bar.number_x * scale, baseline), bar.number, fill=text, font=font, anchor="ls")
    axis = chart.axis * scale
    draw.rectangle((axis - scale // 2, 0, axis - scale // 2 + scale - 1, chart.height * scale - 1), fill=text)
    image.putpalette(_palette())  # now mode "P"
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()
