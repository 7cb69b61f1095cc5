"""Filters of the register; the period filter reuses the catalog's overlap rule so portal and register agree."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import BooleanFilter, DateFromToRangeFilter, ModelMultipleChoiceFilter, MultipleChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, MultipleContentTypeFilter, MultipleUserFilter, WagtailFilterSet

from catalog.filters import RecordFilters
from catalog.models import CatalogPage
from catalog.selectors import apply_filters
from catalog.statuses import Status
from core.models import District, Topic
from directory.models import Organisation

from .selectors import visible_records


def record_content_types(request):
    models = CatalogPage.__subclasses__()
    return ContentType.objects.filter(app_label="catalog", model__in=[m._meta.model_name for m in models])


# Choices come from the records the user may see, so a partner's filters name nobody else's contacts.
def responsible_people(request):
    records = visible_records(request.user)
    return get_user_model().objects.filter(responsible_records__in=records).distinct().order_by("last_name", "first_name")


def partner_organisations(request):
    return Organisation.objects.filter(partner_records__in=visible_records(request.user)).distinct()


def responsible_units(request):
    return Organisation.objects.filter(responsible_records__in=visible_records(request.user)).distinct()


class RegisterFilterSet(WagtailFilterSet):
    content_type = MultipleContentTypeFilter(
        label=_("Record type"), queryset=record_content_types, widget=CheckboxSelectMultiple
    )
    status = MultipleChoiceFilter(label=_("Status"), choices=Status.choices, widget=CheckboxSelectMultiple)
    district = ModelMultipleChoiceFilter(
        label=_("District"), field_name="districts", queryset=District.objects.all(), widget=CheckboxSelectMultiple
    )
    topic = ModelMultipleChoiceFilter(
        label=_("Topic"), field_name="topics", queryset=Topic.objects.all(), widget=CheckboxSelectMultiple
    )
    period = DateFromToRangeFilter(
        label=_("Takes place between"), method="filter_period", widget=DateRangePickerWidget,
        help_text=_("Records whose dates overlap this period."),
    )
    owner_person = MultipleUserFilter(
        label=_("Responsible person"), queryset=responsible_people, widget=CheckboxSelectMultiple
    )
    responsible_unit = ModelMultipleChoiceFilter(
        label=_("Responsible unit"), queryset=responsible_units, widget=CheckboxSelectMultiple
    )
    partner = ModelMultipleChoiceFilter(
        label=_("Partner organisation"), field_name="partners", queryset=partner_organisations,
        widget=CheckboxSelectMultiple,
    )
    live = BooleanFilter(
        label=_("Publication"),
        widget=RadioSelect(
            choices=[
                ("", pgettext_lazy("publication filter", "Any")),
                ("true", pgettext_lazy("publication filter", "Published")),
                ("false", pgettext_lazy("publication filter", "Not published")),
            ]
        ),
    )

    class Meta:
        model = CatalogPage
        fields: list[str] = []

    def filter_period(self, queryset, name, value):
        start, stop = (bound and bound.date() for bound in (value.start, value.stop))
        return apply_filters(queryset, RecordFilters(date_from=start, date_to=stop))
