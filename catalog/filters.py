"""The filters residents, staff and API clients use on the catalog: one definition for portal and API."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import District, Topic
from core.request_memo import forget, memoised

from .statuses import Status

REFERENCE_CACHE_SECONDS = 300  # how long another server process may offer a district or topic list changed elsewhere
REFERENCE_MODELS = (District, Topic)


def _reference_key(model) -> str:
    """The cache key of the list's generation (a key of its own: processes of an older release kept the list itself
    under `catalog:filters:<model>`, and during a deploy both share a Redis cache)."""
    return f"catalog:filters:{model._meta.label_lower}:generation"


def reference_objects(model) -> list:
    """All districts or all topics in their model's order, held by this process and checked against Django's cache.

    Every listing offers them as checkboxes and checks the chosen ones, and they change rarely. The cache holds only
    a generation (a token made when the list was last read from the database); a process keeps its list while the
    token it read the list under is still there, so a request reads one small value instead of unpickling the objects.
    A save or a delete drops the token: with the default per-process cache other processes catch up within
    `REFERENCE_CACHE_SECONDS`, as the menu does; `REDIS_URL` shares one cache, and they catch up at once. Looked up
    once per request. The objects are shared by the requests of a process: read them, never change them.
    """
    key = _reference_key(model)
    return memoised(key, lambda: _held_objects(model, key))


_held: dict[str, tuple[str, list]] = {}  # key → (generation, objects) of this process


def _held_objects(model, key: str) -> list:
    generation = cache.get(key)
    held = _held.get(key)
    if generation is not None and held is not None and held[0] == generation:
        return held[1]
    objects = list(model.objects.all())
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(key, generation, REFERENCE_CACHE_SECONDS)
    _held[key] = (generation, objects)
    return objects


def forget_reference_objects(sender, **kwargs) -> None:
    key = _reference_key(sender)
    cache.delete(key)
    _held.pop(key, None)
    forget(key)


for reference_model in REFERENCE_MODELS:
    post_save.connect(forget_reference_objects, sender=reference_model, dispatch_uid=f"catalog.filters.{reference_model.__name__}.save")
    post_delete.connect(forget_reference_objects, sender=reference_model, dispatch_uid=f"catalog.filters.{reference_model.__name__}.delete")


class ReferenceChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        for obj in reference_objects(self.queryset.model):
            yield self.choice(obj)

    def __len__(self):
        return len(reference_objects(self.queryset.model))

    def __bool__(self):
        return bool(reference_objects(self.queryset.model))


class ReferenceMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Districts or topics chosen by slug, offered and checked against `reference_objects` instead of a query."""

    iterator = ReferenceChoiceIterator

    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.all(), to_field_name="slug", **kwargs)

    def clean(self, value) -> list:
        """A list, empty when nothing is chosen: Django's field gives an empty QuerySet then, and every truth test of
        it (`to_filters`, `has_active_filters`) runs the ORM's machinery on each listing."""
        if not value and not self.required:
            return []
        return super().clean(value)

    def _check_values(self, value) -> list:
        """The chosen objects in the model's order; the first unknown slug is an error, as Django's field reports it."""
        by_slug = {obj.slug: obj for obj in reference_objects(self.queryset.model)}
        for slug in value:
            self.validate_no_null_characters(slug)
            if str(slug) not in by_slug:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug})
        chosen = {str(slug) for slug in value}
        return [obj for slug, obj in by_slug.items() if slug in chosen]


@dataclass(frozen=True)
class RecordFilters:
    query: str = ""
    districts: list[District] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None


class RecordFilterForm(forms.Form):
    """Validates query-string filters; unknown values become Polish error messages, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    district = ReferenceMultipleChoiceField(
        District, label=_("District"), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no district “%(value)s”.")},
    )
    topic = ReferenceMultipleChoiceField(
        Topic, label=_("Topic"), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no topic “%(value)s”.")},
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-16.")},
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-16.")},
    )

    def __init__(self, *args, allowed_statuses: list[Status] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_statuses is not None:
            self.fields["status"].choices = [(s.value, s.label) for s in allowed_statuses]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be earlier than the start date."))
        return cleaned

    def has_active_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def to_filters(self) -> RecordFilters:
        data = self.cleaned_data
        return RecordFilters(
            query=data.get("q") or "",
            districts=list(data.get("district") or []),
            topics=list(data.get("topic") or []),
            statuses=list(data.get("status") or []),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
