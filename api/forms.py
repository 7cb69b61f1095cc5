"""The API's query parameters: the portal's filter form plus paging, so both validate and word errors alike."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog.filters import RecordFilterForm
from catalog.models import CatalogPage

from .schemas import RECORD_TYPE_BY_SLUG, RECORD_TYPES


class RecordQueryForm(RecordFilterForm):
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=settings.DIALOG_API_PAGE_SIZE_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only ISO dates, as documented: the portal also takes the language's format (16.03.2026 in
        # Polish), which would tie API clients to a deployment's LANGUAGE_CODE.
        for name in ("date_from", "date_to"):
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def paging(self) -> dict[str, int]:
        data = self.cleaned_data
        return {"page": data.get("page") or 1, "page_size": data.get("page_size") or settings.DIALOG_PAGE_SIZE}

    def record_models(self) -> list[type[CatalogPage]]:
        """The record types asked for; empty means all the endpoint serves."""
        return self.cleaned_data.get("type") or []


class AllRecordsQueryForm(RecordQueryForm):
    type = forms.TypedMultipleChoiceField(
        required=False,
        choices=[(t.slug, t.model._meta.verbose_name) for t in RECORD_TYPES],
        coerce=lambda slug: RECORD_TYPE_BY_SLUG[slug].model,
        error_messages={"invalid_choice": _("There is no record type “%(value)s”.")},
    )
