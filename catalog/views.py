"""Public listing of one record type (used by the index pages)."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _

from .filters import RecordFilterForm
from .selectors import filtered_public_records


def listing_context(request, *, index_page) -> dict:
    """Validated filters and one page of results; bad input yields messages (the page answers 400)."""
    model = index_page.record_model
    form = RecordFilterForm(request.GET, allowed_statuses=model.allowed_statuses)
    if not form.is_valid():
        return {"filter_form": form, "filter_form_invalid": True, "records": None}
    paginator = Paginator(filtered_public_records(model, form.to_filters()), settings.DIALOG_PAGE_SIZE)
    try:
        records = paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return {
            "filter_form": form,
            "filter_form_invalid": True,
            "page_error": _("There is no such page of results."),
            "records": None,
        }
    return {"filter_form": form, "records": records, "is_filtered": form.has_active_filters()}
