"""Query-string forms of the portal: listing filters with a sort order, and site search."""

from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from catalog.filters import RecordFilterForm

from .selectors import DEFAULT_SORT, SORT_ORDERS

SEARCH_MAX_LENGTH = 100

SORT_LABELS = {
    "date": _("Latest date first"),
    "date_asc": _("Earliest date first"),
    "published": _("Recently published"),
    "title": _("Title (A–Z)"),
}


class ErrorSummaryMixin:
    """Gives the error summary at the top of a page one link per message, pointing at the field."""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, message) pairs; messages that belong to no field get an empty anchor."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            # A radio or checkbox group (CheckboxSelectMultiple is a RadioSelect) has no single input and no label of its own
            # (Django's `id_for_label` is empty); keyboard users start at its first box, `id_<name>_0`.
            is_group = isinstance(bound.field.widget, forms.RadioSelect)
            anchor = f"{bound.auto_id}_0" if is_group and bound.auto_id else bound.id_for_label
            links.extend((anchor, str(message)) for message in messages)
        return links


class ListingFilterForm(ErrorSummaryMixin, RecordFilterForm):
    """The catalog's filters plus the order of results, which only the portal offers."""

    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in SORT_ORDERS],
        error_messages={"invalid_choice": _("There is no sort order “%(value)s”.")},
    )

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    def has_active_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields if name != "sort")


class SearchForm(ErrorSummaryMixin, forms.Form):
    q = forms.CharField(
        label=_("Search phrase"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": ngettext_lazy(
                "Shorten the search phrase to at most %(limit_value)d character (it has %(show_value)d).",
                "Shorten the search phrase to at most %(limit_value)d characters (it has %(show_value)d).",
                "limit_value",
            )
        },
    )
