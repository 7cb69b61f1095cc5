"""Checks of a consultation's announcement (ogłoszenie): what is missing and what breaks the resolution's minimums.

Pure functions over already-read objects; each returns `campaigns.rules.PlanWarning`s in Polish and never
blocks a save (the editor shows them as messages, `consultations/wagtail_hooks.py`). The minimum length of a
consultation and the lead time of its information campaign are the planner's rules, reused from
`campaigns.rules` so both places warn with the same words and thresholds.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.rules import PlanWarning, _day, campaign_starts_too_late, consultation_too_short
from catalog.models import MEETING_FORMS, ConsultationPage

# The announcement's required fields (REFERENCE.md §2), in the order the editor shows them.
REQUIRED_FIELDS = [
    "aim", "legal_basis", "organiser", "organiser_contact", "starts_at", "ends_at", "consultation_forms", "how_to_submit",
    "submissions_until", "accessibility_info",
]


def missing_fields(consultation: ConsultationPage) -> list[PlanWarning]:
    """One warning naming every empty required field of the announcement (the RODO clause has a default)."""
    missing = [
        str(ConsultationPage._meta.get_field(name).verbose_name) for name in REQUIRED_FIELDS if not getattr(consultation, name)
    ]
    if not missing:
        return []
    return [PlanWarning(
        "announcement_incomplete",
        _("The announcement lacks: %(fields)s.") % {"fields": ", ".join(missing)},
        record_ids=(consultation.pk,),
    )]


def too_few_forms(consultation: ConsultationPage) -> list[PlanWarning]:
    """At least DIALOG_CONSULTATION_MIN_FORMS forms of consultation, one of them an open meeting or a workshop."""
    forms = set(consultation.consultation_forms or [])
    minimum = settings.DIALOG_CONSULTATION_MIN_FORMS
    warnings = []
    if len(forms) < minimum:
        warnings.append(PlanWarning(
            "too_few_forms",
            ngettext(
                "The consultation has %(count)d form; it should have at least %(minimum)d.",
                "The consultation has %(count)d forms; it should have at least %(minimum)d.",
                len(forms),
            ) % {"count": len(forms), "minimum": minimum},
            record_ids=(consultation.pk,),
        ))
    if not forms & set(MEETING_FORMS):
        warnings.append(PlanWarning(
            "no_meeting",
            _("None of the forms is an open meeting or a workshop; the consultation should include at least one."),
            record_ids=(consultation.pk,),
        ))
    return warnings


def deadline_outside_dates(consultation: ConsultationPage) -> list[PlanWarning]:
    """Remarks due after the consultation ends would arrive when nobody reads them any more."""
    if consultation.submissions_until and consultation.ends_at and consultation.submissions_until > consultation.ends_at:
        return [PlanWarning(
            "deadline_after_end",
            _("Remarks are accepted until %(deadline)s, after the consultation ends on %(end)s.")
            % {"deadline": _day(consultation.submissions_until), "end": _day(consultation.ends_at)},
            record_ids=(consultation.pk,),
        )]
    return []


def information_too_late(consultation: ConsultationPage, campaigns_with_actions, announced_at: datetime) -> list[PlanWarning]:
    """The information campaign must start DIALOG_CAMPAIGN_LEAD_DAYS before opening.

    With campaigns linked to the consultation the planner's rule judges each; without any, the announcement's
    first publication (or now, for one not yet published) is the start of informing residents.
    """
    if consultation.starts_at is None:
        return []
    campaigns_with_actions = list(campaigns_with_actions)
    if campaigns_with_actions:
        warnings = []
        for campaign, actions in campaigns_with_actions:
            campaign.consultation = consultation  # the editor's unsaved dates, not the stored ones
            warnings += campaign_starts_too_late(campaign, actions)
        return warnings
    lead_days = settings.DIALOG_CAMPAIGN_LEAD_DAYS
    if announced_at <= consultation.starts_at - timedelta(days=lead_days):
        return []
    return [PlanWarning(
        "information_too_late",
        ngettext(
            "Information about the consultation must reach residents at least %(days)d day before it opens on %(opens)s: "
            "publish the announcement earlier or plan an information campaign.",
            "Information about the consultation must reach residents at least %(days)d days before it opens on %(opens)s: "
            "publish the announcement earlier or plan an information campaign.",
            lead_days,
        ) % {"days": lead_days, "opens": _day(consultation.starts_at)},
        record_ids=(consultation.pk,),
    )]


def announcement_warnings(
    consultation: ConsultationPage, *, announced_at: datetime, campaigns_with_actions=()
) -> list[PlanWarning]:
    """Every check of one announcement; `campaigns_with_actions` are (campaign, its actions) of linked campaigns."""
    return [
        *missing_fields(consultation),
        *consultation_too_short(consultation),
        *too_few_forms(consultation),
        *deadline_outside_dates(consultation),
        *information_too_late(consultation, campaigns_with_actions, announced_at),
    ]
