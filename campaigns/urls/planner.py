"""The planner's views under /admin/plany/ (namespace "campaigns"): timelines, month calendar, my tasks, quick edit."""

from django.urls import path

from ..views import planner, timelines

urlpatterns = [
    path("os-czasu/", timelines.TimelineView.as_view(), name="planner_timeline"),
    path("kampania/<int:campaign_id>/os-czasu/", timelines.CampaignTimelineView.as_view(), name="planner_campaign_timeline"),
    path("kalendarz-miesiac/", planner.MonthCalendarView.as_view(), name="planner_month"),
    path("moje-zadania/", planner.MyTasksView.as_view(), name="planner_my_tasks"),
    path("dzialania/<int:pk>/szybka-zmiana/", planner.QuickEditView.as_view(), name="planner_quick_edit"),
]
