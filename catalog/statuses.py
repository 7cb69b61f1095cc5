"""Lifecycle statuses of catalog records.

All record types share one `status` column so the register can filter across types; each type
allows only its own subset, in lifecycle order. Labels are neuter/plural Polish so they read well
after "Status:" for every type.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    IN_PREPARATION = "in_preparation", _("in preparation")
    APPROVED = "approved", _("approved")
    ANNOUNCED = "announced", _("announced")
    OPEN = "open", _("open")
    RUNNING = "running", _("running")
    CLOSED = "closed", _("closed, awaiting report")
    REPORT_PUBLISHED = "report_published", _("report published")
    FINISHED = "finished", _("finished")
    EVALUATED = "evaluated", _("evaluated")
    CANCELLED = "cancelled", _("cancelled")
    AVAILABLE = "available", _("available")
    ARCHIVED = "archived", _("archived")


PROJECT_STATUSES = [Status.PLANNED, Status.RUNNING, Status.FINISHED]
CONSULTATION_STATUSES = [
    Status.PLANNED, Status.IN_PREPARATION, Status.ANNOUNCED, Status.OPEN, Status.CLOSED, Status.REPORT_PUBLISHED,
]
CAMPAIGN_STATUSES = [Status.IDEA, Status.PLANNED, Status.APPROVED, Status.RUNNING, Status.FINISHED, Status.EVALUATED]
EVENT_STATUSES = [Status.PLANNED, Status.ANNOUNCED, Status.FINISHED, Status.CANCELLED]
OFFER_STATUSES = [Status.AVAILABLE, Status.ARCHIVED]

# Statuses a resident thinks of as "current" (shown on the home page and in widgets).
CURRENT_STATUSES = [Status.ANNOUNCED, Status.OPEN, Status.RUNNING, Status.AVAILABLE]
