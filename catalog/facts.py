"""The fact sheet of a catalog record: the dates, times, places and links a message about it may mention.

`core.fact_check` compares a text with it. A consultation's sheet includes its events (a post about a
consultation names its meetings); an event's and a campaign's include their consultation (a post about
a meeting names the consultation's closing day). Times are local (Europe/Warsaw); a time of midnight
means "the whole day" and is not a time a text would name.
"""

from datetime import datetime, time

from django.utils import timezone

from core.fact_check import FactSheet

from .models import CatalogPage, ConsultationPage, EventPage


def fact_sheet(record: CatalogPage) -> FactSheet:
    record = record.specific
    records = [record]
    consultation = getattr(record, "consultation", None)
    if consultation is not None:
        records.append(consultation)
    if isinstance(record, ConsultationPage):
        records.extend(record.events.live())
    dates, times, places, urls = set(), set(), [], []
    for item in records:
        for moment in (item.starts_at, item.ends_at):
            if moment is None:
                continue
            local: datetime = timezone.localtime(moment)
            dates.add(local.date())
            if local.time() != time(0, 0):
                times.add(local.time().replace(second=0, microsecond=0))
        if isinstance(item, EventPage):
            place = ", ".join(part for part in (item.venue_name, item.venue_address) if part)
            if place:
                places.append(place)
            if item.online_url:
                urls.append(item.online_url)
        if item.live and item.full_url:
            urls.append(item.full_url)
    return FactSheet(dates=frozenset(dates), times=frozenset(times), places=tuple(places), urls=tuple(urls))
