"""Building messages in tests."""

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
