"""The timeline (Gantt chart) of all campaigns or of one, on a week, month or quarter, with the same data as a table."""

from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import CampaignPage

from .. import rules, selectors, timeline
from ..forms_planner import TimelineForm
from ..models import Action
from ..planner_selectors import plan_rows
from .planner import PlannerView, number_warnings
from .rows import ActionRow, RowHtml, url_maker


class TimelineView(PlannerView):
    """All campaigns' plans (or one campaign's) on a week, month or quarter, with the same data as a table."""

    template_name = "campaigns/planner/timeline.html"
    form_class = TimelineForm
    page_title = gettext_lazy("Timeline of campaigns")

    @cached_property
    def campaign(self) -> CampaignPage | None:
        return None

    @cached_property
    def period(self) -> timeline.Period:
        return timeline.period_for(self.form.zoom(), self.anchor_day(), timezone.get_current_timezone())

    def anchor_day(self) -> date:
        return self.form.day()

    def plan(self, window: QuerySet) -> list[Action]:
        """Every action of the campaigns that show: the rules need the whole plan, not the window."""
        return plan_rows(Action.objects.filter(campaign__in=window.order_by().values("campaign_id")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        base = Action.objects.all() if self.campaign is None else Action.objects.filter(campaign=self.campaign)
        window = self.form.filter_actions(selectors.actions_between(period.start, period.end, base))
        shown = set(window.order_by().values_list("pk", flat=True))
        plan = self.plan(window)

        by_campaign: dict[int, list[Action]] = {}
        for action in plan:
            by_campaign.setdefault(action.campaign_id, []).append(action)
        warnings = []
        for actions in by_campaign.values():
            campaign = self.campaign or actions[0].campaign
            for warning in rules.campaign_warnings(campaign, actions):
                if not warning.action_ids or shown.intersection(warning.action_ids):
                    warnings.append(warning)
        if self.campaign is not None and not by_campaign:
            warnings = rules.campaign_warnings(self.campaign, [])
        listed, by_action = number_warnings(warnings)

        edit_url = url_maker("wagtailsnippets_campaigns_action:edit")
        items = []
        for action in plan:
            if action.pk not in shown:
                continue
            campaign = action.campaign
            items.append(timeline.TimelineItem(
                key=action.pk, start=action.starts_at, end=action.ends_at,
                group_key=campaign.pk, group_label=campaign.title, group_order=campaign_order(campaign),
                payload=action,
            ))
        groups = []
        if self.campaign is not None:
            groups = [(self.campaign.pk, self.campaign.title, campaign_order(self.campaign))]
        chart = timeline.layout(items, period, self.now, groups=groups)
        campaign_timeline = url_maker("campaigns:planner_campaign_timeline")
        page_edit = url_maker("wagtailadmin_pages:edit")
        zoom_query = urlencode({"skala": period.zoom.value, "data": period.first.isoformat()})
        for group in chart.groups:
            group.timeline_url = f"{campaign_timeline(group.key)}?{zoom_query}"
            group.edit_url = page_edit(group.key)
            group.action_rows = [
                ActionRow(row.item.payload, now=self.now, edit_url=edit_url, warnings=by_action.get(row.item.key, ()),
                          placement=row.placement)
                for row in group.rows
            ]
        editing = self.editing_pk(shown)
        context.update(
            chart=chart,
            period=period,
            period_label=period_label(period),
            ticks=[{"style": tick.style, "label": tick_label(tick, period), "title": date_format(tick.day, "l, j E Y")
                    if period.zoom is not timeline.Zoom.QUARTER else date_format(tick.day, "F Y")} for tick in chart.ticks],
            warnings=listed,
            previous_url=self.url_with(data=period.previous().first.isoformat(), zmien=None),
            next_url=self.url_with(data=period.next().first.isoformat(), zmien=None),
            today_url=self.url_with(data=timezone.localdate().isoformat(), zmien=None),
            zoom_links=[
                {"label": label, "url": self.url_with(skala=zoom.value, data=self.anchor_day().isoformat()),
                 "current": zoom is period.zoom}
                for zoom, label in ((timeline.Zoom.WEEK, _("Week")), (timeline.Zoom.MONTH, _("Month")),
                                    (timeline.Zoom.QUARTER, _("Quarter")))
            ],
            campaign=self.campaign,
            editing=editing,
            back_url=self.url_with(zmien=None),
            row_count=chart.row_count,
            overdue_count=sum(row.is_overdue for group in chart.groups for row in group.action_rows),
            **(self.quick_edit_context() if editing else {}),
        )
        back = context["back_url"]
        html = RowHtml(edit_base=f"{back}{'&' if '?' in back else '?'}zmien=")
        table = []
        for group in chart.groups:
            group.chart_html = mark_safe("".join(html.chart(row) for row in group.action_rows))  # noqa: S308 – every value escaped in RowHtml
            for row in group.action_rows:
                form = ""
                if row.pk == editing:
                    form = render_to_string("campaigns/planner/_quick_edit_form.html", {**context, "row": row}, request=self.request)
                table.append(html.table(row, form))
        context["table_html"] = mark_safe("".join(table))  # noqa: S308 – every value escaped in RowHtml
        return context

    def editing_pk(self, shown: set[int]) -> int | None:
        """`?zmien=<id>`: the table row of this action opens its quick-edit form in place."""
        try:
            pk = int(self.request.GET.get("zmien", ""))
        except ValueError:
            return None
        return pk if pk in shown else None


class CampaignTimelineView(TimelineView):
    drop_filters = ("campaign", "district")

    @cached_property
    def campaign(self) -> CampaignPage:
        return get_object_or_404(CampaignPage.objects.select_related("consultation"), pk=self.kwargs["campaign_id"])

    def get_page_title(self):
        return _("Timeline: %(campaign)s") % {"campaign": self.campaign.title}

    def anchor_day(self) -> date:
        """Without a date asked for, a campaign that is not running now opens on its start."""
        chosen = self.form.cleaned_data.get("data") if self.form.is_bound else None
        if chosen:
            return chosen
        campaign, now = self.campaign, self.now
        if campaign.starts_at and (campaign.starts_at > now or (campaign.ends_at and campaign.ends_at < now)):
            return timezone.localtime(campaign.starts_at).date()
        return timezone.localdate()

    def plan(self, window: QuerySet) -> list[Action]:
        return plan_rows(self.campaign.actions.all(), campaigns={self.campaign.pk: self.campaign})


def campaign_order(campaign: CampaignPage) -> tuple:
    starts = campaign.starts_at
    return (starts is None, starts.timestamp() if starts else 0.0)


def period_label(period: timeline.Period) -> str:
    if period.zoom is timeline.Zoom.MONTH:
        return date_format(period.first, "F Y").capitalize()
    if period.zoom is timeline.Zoom.QUARTER:
        quarter = (period.first.month - 1) // 3 + 1
        return _("Quarter %(number)d of %(year)d") % {"number": quarter, "year": period.first.year}
    return f"{date_format(period.first, 'j E Y')} – {date_format(period.last, 'j E Y')}"


def tick_label(tick: timeline.Tick, period: timeline.Period) -> str:
    if period.zoom is timeline.Zoom.QUARTER:
        return date_format(tick.day, "F")
    if period.zoom is timeline.Zoom.WEEK:
        return date_format(tick.day, "D j.m")
    return str(tick.day.day)
