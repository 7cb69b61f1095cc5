"""Files of a campaign plan: XLSX export and import, the person's calendar address, and the iCalendar feeds.

Thin views: the work is in `campaigns.spreadsheets` and `campaigns.feeds`. Who may do what:
- export and the calendar page: staff (`core.roles.sees_whole_catalog`); a partner gets 404 for a
  campaign named by id, like everywhere else in the back-office;
- import: staff who plan, i.e. may add actions (`campaigns.add_action`, given by `core.roles`), else refused;
- feeds: the token in the address (see `campaigns.feeds`); an unknown, replaced or no longer staff token is 404.
"""

import tempfile

from anyascii import anyascii
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from catalog.models import CampaignPage
from core.roles import sees_whole_catalog
from core.spreadsheets import XLSX_CONTENT_TYPE

from .. import feeds
from ..models import Action, CalendarFeed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _staff_campaign(request: HttpRequest, campaign_id: int) -> CampaignPage:
    if not sees_whole_catalog(request.user):
        raise Http404
    return get_object_or_404(CampaignPage, pk=campaign_id)


def _require_staff(request: HttpRequest) -> None:
    if not sees_whole_catalog(request.user):
        raise PermissionDenied


def ascii_filename(title: str, *, suffix: str) -> str:
    """"Kampania „Łąki Nowohuckie”" → "plan-kampania-laki-nowohuckie-2026-11-26.xlsx": safe in any header and file system."""
    stem = slugify(anyascii(title))[:60].strip("-") or "kampania"
    return f"plan-{stem}-{timezone.localdate().isoformat()}{suffix}"


@require_GET
def plan_xlsx(request: HttpRequest, campaign_id: int) -> FileResponse:
    from .. import spreadsheets  # on use, not at start: tests/core/test_process_imports.py

    campaign = _staff_campaign(request, campaign_id)
    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    spreadsheets.write_plan(campaign, stream)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=ascii_filename(campaign.title, suffix=".xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSX file with the plan"),
        help_text=gettext_lazy(
            "The layout of the export: one row per action, headers in the first row. Empty type: “other”; empty status: “to do”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("This is not an Excel file (.xlsx). Save the sheet as “Excel Workbook (.xlsx)” and try again."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, campaign_id: int) -> HttpResponse:
    from .. import spreadsheets  # on use, not at start: tests/core/test_process_imports.py

    campaign = _staff_campaign(request, campaign_id)
    if not request.user.has_perm("campaigns.add_action"):
        raise PermissionDenied
    problems: list[spreadsheets.ImportProblem] = []
    form = PlanImportForm(request.POST, request.FILES) if request.method == "POST" else PlanImportForm()
    if request.method == "POST" and form.is_valid():
        try:
            created = spreadsheets.import_plan(campaign=campaign, file=form.cleaned_data["file"], user=request.user)
        except spreadsheets.PlanImportError as error:
            problems = error.problems
        else:
            messages.success(request, ngettext(
                "Imported %(count)d action into “%(campaign)s”.",
                "Imported %(count)d actions into “%(campaign)s”.",
                len(created),
            ) % {"count": len(created), "campaign": campaign.title})
            return redirect(reverse(Action.snippet_viewset.get_url_name("list")) + f"?campaign={campaign.pk}")
    return TemplateResponse(request, "campaigns/files/plan_import.html", {
        "campaign": campaign,
        "form": form,
        "problems": problems,
        "existing_count": campaign.actions.count(),
        "export_url": reverse("campaigns:plan_xlsx", args=[campaign.pk]),
        "page_title": _("Import the plan: %(campaign)s") % {"campaign": campaign.title},
        "header_title": _("Import the plan"),
        "header_icon": "upload",
    })


@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    team_campaigns = list(CampaignPage.objects.filter(team=request.user).order_by("title")[:50]) if feed else []
    return TemplateResponse(request, "campaigns/files/my_calendar.html", {
        "feed": feed,
        "feed_url": request.build_absolute_uri(reverse("calendar_feeds:person", args=[feed.token])) if feed else "",
        "team_campaigns": [
            (campaign, request.build_absolute_uri(reverse("calendar_feeds:campaign", args=[feed.token, campaign.pk])))
            for campaign in team_campaigns
        ],
        "past_days": feeds.PERSON_FEED_PAST_DAYS,
        "page_title": _("My calendar"),
        "header_title": _("My calendar"),
        "header_icon": "calendar",
    })


@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    """A first address is made at once; replacing one asks first, as the old address stops working."""
    _require_staff(request)
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    if has_feed and request.POST.get("confirm") != "yes":
        return TemplateResponse(request, "campaigns/files/renew_calendar.html", {
            "page_title": _("New calendar address"),
            "header_title": _("New calendar address"),
            "header_icon": "calendar",
        })
    feeds.renew_feed_token(user=request.user)
    messages.success(request, _("Your new calendar address is ready. The old one no longer works.") if has_feed
                     else _("Your calendar address is ready."))
    return redirect("campaigns:my_calendar")


# ------------------------------------------------------------------------------------------------ feeds


def _calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Personal: never kept by a shared cache; the address is a credential, so it goes in no Referer either.
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound("Not Found", content_type="text/plain; charset=utf-8")
    # Django would log "Not Found: /kalendarz/<token>.ics"; the address is a credential, so it stays out of the logs.
    response._has_been_logged = True
    return response


@require_safe
def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = feeds.feed_owner(token)
    if user is None:
        return _not_found()
    name = _("Dialog: my actions (%(person)s)") % {"person": user.get_full_name().strip() or user.get_username()}
    return _calendar_response(feeds.calendar_bytes(feeds.person_feed_actions(user), name=name), filename="plan.ics")


@require_safe
def campaign_feed(request: HttpRequest, token: str, campaign_id: int) -> HttpResponse:
    if feeds.feed_owner(token) is None:
        return _not_found()
    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return _not_found()
    name = _("Dialog: %(campaign)s") % {"campaign": campaign.title}
    return _calendar_response(
        feeds.calendar_bytes(feeds.campaign_feed_actions(campaign), name=name),
        filename=f"kampania-{campaign.pk}.ics",
    )
