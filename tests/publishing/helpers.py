"""Building messages and images in tests."""

import io

from PIL import Image

from publishing.models import ChannelVariant, Message


def draft_message(event, author, *variants) -> Message:
    variants = variants or (("mastodon", "Spotkanie o parku Reduta: 16 marca o 17:30, ul. Reymonta 20."),)
    message = Message(
        title="Zaproszenie na spotkanie", record=event, text="Zapraszamy na spotkanie o parku Reduta.", live=False,
        created_by=author, variants=[ChannelVariant(channel=channel, text=text) for channel, text in variants],
    )
    message.save()
    message.save_revision(user=author)
    return message


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()
