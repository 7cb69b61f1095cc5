"""Results of published posts (reach, reactions, clicks) and their sum per campaign.

The network's API fills what it tells (`refresh`, daily for DIALOG_METRICS_DAYS after publication, by task);
staff type in the rest from the network's own statistics (`record`). Typed values are never overwritten by
a later reading: a number the network does not give stays as typed. A campaign's results are the sum over
the posts of messages about the campaign itself, its consultation and the events it promotes.

Both `refresh` and `record` then roll the sums up into the campaign's KPIs: each `CampaignGoal` that names a
metric gets the campaign's total of it as its `actual`, in the same transaction; goals without a metric stay
as typed.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CampaignGoal, CampaignPage, EventPage

from .channels import ChannelError, adapter_for
from .models import Delivery, DeliveryMetrics, DeliveryStatus, MetricsSource

logger = logging.getLogger(__name__)
FIELDS = ("reach", "reactions", "clicks")


def refresh(delivery: Delivery, *, now: datetime | None = None) -> DeliveryMetrics | None:
    """Read the post's numbers from its network; None when the network tells nothing or cannot be asked now."""
    if delivery.status != DeliveryStatus.PUBLISHED or not delivery.external_id:
        return None
    try:
        numbers = adapter_for(delivery.channel).fetch_metrics(delivery.external_id)
    except ImproperlyConfigured:
        return None
    except ChannelError as error:  # tried again tomorrow; the dashboard is for failed posts, not for statistics
        logger.info("Delivery %s: metrics not read: %s", delivery.pk, error)
        return None
    if numbers is None:
        return None
    with transaction.atomic():
        metrics, _created = DeliveryMetrics.objects.select_for_update().get_or_create(
            delivery=delivery, defaults={"source": MetricsSource.NETWORK, "measured_at": now or timezone.now()}
        )
        for field in FIELDS:
            value = getattr(numbers, field)
            if value is not None:
                setattr(metrics, field, value)
        metrics.measured_at = now or timezone.now()
        metrics.save()
        roll_up(delivery)
    return metrics


def record(*, delivery: Delivery, user, reach: int | None, reactions: int | None, clicks: int | None,
           now: datetime | None = None) -> DeliveryMetrics:
    """Typed in by staff from the network's statistics page; empty fields keep what was there."""
    from .publisher import log_delivery

    if delivery.status != DeliveryStatus.PUBLISHED:
        raise ValidationError(_("Results can be entered only for a published post."))
    typed = {field: value for field, value in (("reach", reach), ("reactions", reactions), ("clicks", clicks)) if value is not None}
    if not typed:
        raise ValidationError(_("Enter at least one number."))
    with transaction.atomic():
        metrics, _created = DeliveryMetrics.objects.select_for_update().get_or_create(
            delivery=delivery, defaults={"source": MetricsSource.TYPED, "measured_at": now or timezone.now()}
        )
        for field, value in typed.items():
            setattr(metrics, field, value)
        metrics.source, metrics.measured_by, metrics.measured_at = MetricsSource.TYPED, user, now or timezone.now()
        metrics.save()
        log_delivery(delivery, "publishing.delivery_metrics_recorded", user, **typed)
        roll_up(delivery)
    return metrics


def due_for_refresh(*, now: datetime) -> list[int]:
    """Published posts young enough to still gather reactions."""
    since = now - timedelta(days=settings.DIALOG_METRICS_DAYS)
    return list(Delivery.objects.filter(status=DeliveryStatus.PUBLISHED, published_at__gte=since)
                .exclude(external_id="").values_list("pk", flat=True))


@dataclass(frozen=True)
class Totals:
    posts: int
    measured: int
    reach: int
    reactions: int
    clicks: int


def campaign_deliveries(campaign: CampaignPage):
    events = EventPage.objects.filter(promoting_campaigns=campaign).values("pk")  # as saved, not the form's cluster
    records = Q(message__record_id=campaign.pk) | Q(message__record__in=events)
    if campaign.consultation_id:
        records |= Q(message__record_id=campaign.consultation_id)
    return Delivery.objects.filter(records, status=DeliveryStatus.PUBLISHED)


def campaign_totals(campaign: CampaignPage) -> Totals:
    deliveries = campaign_deliveries(campaign)
    sums = DeliveryMetrics.objects.filter(delivery__in=deliveries).aggregate(
        reach=Sum("reach"), reactions=Sum("reactions"), clicks=Sum("clicks")
    )
    return Totals(posts=deliveries.count(), measured=DeliveryMetrics.objects.filter(delivery__in=deliveries).count(),
                  **{field: sums[field] or 0 for field in FIELDS})


def campaigns_counting(delivery: Delivery):
    """The campaigns whose results include this post: the one it is about, those promoting its event, and those
    of its consultation (the reverse of `campaign_deliveries`)."""
    record_id = delivery.message.record_id
    return CampaignPage.objects.filter(Q(pk=record_id) | Q(events__pk=record_id) | Q(consultation_id=record_id)).distinct()


def roll_up(delivery: Delivery) -> None:
    """Feed the post's new numbers into the KPIs of every campaign it counts for."""
    for campaign in campaigns_counting(delivery):
        update_goals(campaign)


def update_goals(campaign: CampaignPage) -> int:
    """Set `actual` of the campaign's goals that name a metric to the campaign's total; the number of goals set.

    A queryset update, so no page revision is written (the value is derived, not edited).
    """
    metrics = set(CampaignGoal.objects.filter(campaign=campaign).exclude(metric="").values_list("metric", flat=True))
    if not metrics:
        return 0
    totals = campaign_totals(campaign)
    return sum(CampaignGoal.objects.filter(campaign=campaign, metric=metric).update(actual=getattr(totals, metric))
               for metric in sorted(metrics) if metric in FIELDS)


def on_campaign_published(sender, instance: CampaignPage, **kwargs) -> None:
    """`page_published` receiver for CampaignPage: a goal whose metric was just chosen gets its sum at once."""
    update_goals(instance)
