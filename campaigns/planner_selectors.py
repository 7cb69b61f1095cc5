"""Reads of the planner's views that must stay fast at thousands of actions.

`selectors.actions_with_relations` joins each action to its campaign page (a multi-table Wagtail page), its
channel and its person, and prefetches dependencies through Django's M2M machinery, which builds a
filtered queryset for every action. At 2,000 actions that was most of a timeline's time. Here the actions
are read on their own, the few distinct campaigns, channels and people once each, the dependencies as
pairs of ids, and everything is attached in Python: a fixed number of queries (at most 6), and the rules
(`campaigns.rules`) see the same attributes (`action.campaign.consultation`, `action.channel`,
`action.depends_on.all()`).

The rows are for reading: `depends_on.all()` answers with a list, so `depends_on.filter(...)` would not work.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from catalog.models import CampaignPage
from core.models import Channel

from .models import Action

ROW_FIELDS = ("pk", "campaign_id", "title", "kind", "channel_id", "starts_at", "ends_at", "responsible_id", "status",
              "reports_results")
DEPENDENCY_FIELDS = ("pk", "title", "starts_at", "ends_at", "status")


def plan_rows(actions: QuerySet, campaigns: dict[int, CampaignPage] | None = None) -> list[Action]:
    """The actions (by date) with `campaign` and its consultation, `channel`, `responsible` and `depends_on` ready."""
    actions = actions.select_related(None).prefetch_related(None)
    rows = list(actions.only(*ROW_FIELDS).order_by("starts_at", "pk"))
    if not rows:
        return rows
    by_pk = {row.pk: row for row in rows}
    through = Action.depends_on.through.objects.filter(from_action__in=actions.order_by().values("pk"))
    pairs = list(through.values_list("from_action_id", "to_action_id"))
    missing = {to for _, to in pairs if to not in by_pk}  # dependencies on actions outside these rows
    others = Action.objects.only(*DEPENDENCY_FIELDS).in_bulk(missing) if missing else {}
    befores: dict[int, list[Action]] = {}
    for source, target in pairs:
        befores.setdefault(source, []).append(by_pk.get(target) or others[target])
    if campaigns is None:
        campaigns = CampaignPage.objects.select_related("consultation").in_bulk({row.campaign_id for row in rows})
    channels = Channel.objects.in_bulk({row.channel_id for row in rows if row.channel_id})
    people = get_user_model().objects.in_bulk({row.responsible_id for row in rows if row.responsible_id})
    campaign_field, channel_field, person_field = (Action._meta.get_field(name) for name in ("campaign", "channel", "responsible"))
    for row in rows:
        # What `select_related` would have cached; the descriptors' own setters re-validate every value (slow at 2,000 rows).
        campaign_field.set_cached_value(row, campaigns[row.campaign_id])
        channel_field.set_cached_value(row, channels.get(row.channel_id))
        person_field.set_cached_value(row, people.get(row.responsible_id))
        row.depends_on_list = sorted(befores.get(row.pk, ()), key=lambda before: (before.starts_at, before.pk))
        # What the related manager hands out for `depends_on.all()` (Django keeps prefetched rows here).
        row._prefetched_objects_cache = {"depends_on": row.depends_on_list}
    return rows
