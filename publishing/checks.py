"""Everything a reviewer should see before approving a message, per channel variant.

Three kinds of findings, none of which blocks a save (people decide; the checks inform):
- the channel's rules (`channel_rules`): length as the network counts it, images, alt text;
- plain Polish (`core.plain_polish`): FOG-PL, long sentences, officialese;
- consistency with the record (`core.fact_check` against `catalog.facts.fact_sheet`): dates, weekdays,
  times, places and links the text mentions that the record does not have.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from catalog.facts import fact_sheet
from core import fact_check, plain_polish
from core.fact_check import FactSheet

from . import channel_rules
from .models import ChannelVariant, Message


@dataclass(frozen=True)
class TextReport:
    """The findings about one text: the core message (no channel) or a channel variant."""

    label: str
    text: str
    fog: plain_polish.Fog
    channel: list[channel_rules.ChannelProblem]
    language: list[plain_polish.Finding]
    facts: list[plain_polish.Finding]

    @property
    def count(self) -> int:
        return len(self.channel) + len(self.language) + len(self.facts)


def image_facts(block_value) -> channel_rules.ImageFacts:
    image = block_value.get("image")
    suffix = PurePosixPath(image.file.name).suffix.lstrip(".") if image is not None else ""
    return channel_rules.ImageFacts(
        width=image.width if image else 0, height=image.height if image else 0,
        file_size=image.file_size if image else None, format=suffix or None,
        alt_text=block_value.get("alt_text") or "",
    )


def check_text(text: str, *, facts: FactSheet, label: str, channel: str | None = None, images=()) -> TextReport:
    return TextReport(
        label=label, text=text, fog=plain_polish.fog(text),
        channel=channel_rules.check_variant(channel, text, images) if channel else [],
        language=plain_polish.check(text),
        facts=fact_check.check(text, facts),
    )


def check_variant(variant: ChannelVariant, facts: FactSheet) -> TextReport:
    images = [image_facts(block.value) for block in variant.images]
    return check_text(variant.text, facts=facts, label=str(variant.get_channel_display()), channel=variant.channel, images=images)


def check_message(message: Message) -> list[TextReport]:
    """The core message first, then each variant in order; empty for a message not yet tied to a record."""
    if message.record_id is None:
        return []
    facts = fact_sheet(message.record)
    reports = [check_text(message.text, facts=facts, label="")] if message.text else []
    return reports + [check_variant(variant, facts) for variant in message.variants.all()]
