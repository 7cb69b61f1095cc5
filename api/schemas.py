"""What the API says: one schema per record type over the fields all records share, and the query parameters.

Schemas read the model instances directly (ninja resolvers), so a response is validated once and
the OpenAPI document describes exactly what is sent.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, Union

import nh3
from django.conf import settings
from django.utils import timezone
from ninja import Field, Schema
from pydantic import Discriminator, Tag, WithJsonSchema, create_model
from wagtail.rich_text import expand_db_html

from catalog.models import (
    CampaignKind,
    CampaignPage,
    CatalogPage,
    ConsultationPage,
    EventPage,
    EventType,
    OfferKind,
    OfferPage,
    ProjectPage,
)
from catalog.statuses import Status
from events.selectors import online_link_is_private

# What the editor's rich text features (catalog.models.RICH_TEXT_FEATURES) produce, minus embeds.
BODY_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "img"}
BODY_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}


def public_html(rich_text: str, *, base_url: str) -> str:
    """Wagtail's stored rich text as HTML a third-party site can embed: links resolved and absolute, no scripts."""
    return nh3.clean(
        expand_db_html(rich_text),
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        url_relative=("rewrite_with_base", base_url),
    )


def _local(value: datetime | None) -> datetime | None:
    """Stored in UTC, shown with the city's offset (e.g. +01:00), as people there read it."""
    return timezone.localtime(value) if value else None


class DistrictOut(Schema):
    number: int
    name: str
    slug: str


class TopicOut(Schema):
    name: str
    slug: str


class OrganisationOut(Schema):
    id: int
    name: str


class RecordOut(Schema):
    """Fields every record type has; each type narrows `type` to its own slug."""

    id: int
    type: str
    title: str
    slug: str
    url: str | None = Field(description="Address of the record's public page.")
    lead: str
    status: Status
    status_label: str = Field(description="The status in Polish, as the portal shows it.")
    live: bool = Field(description="False for a draft; only staff tokens see drafts.")
    starts_at: datetime | None = Field(description="ISO 8601 with the offset of Europe/Warsaw.")
    ends_at: datetime | None
    districts: list[DistrictOut]
    topics: list[TopicOut]
    responsible_unit: OrganisationOut | None
    partners: list[OrganisationOut]

    @staticmethod
    def resolve_type(record: CatalogPage) -> str:
        return _SLUG_BY_MODEL[type(record)]

    @staticmethod
    def resolve_url(record: CatalogPage, context: dict[str, Any]) -> str | None:
        return record.get_full_url(context["request"])

    @staticmethod
    def resolve_status_label(record: CatalogPage) -> str:
        return record.get_status_display()

    @staticmethod
    def resolve_starts_at(record: CatalogPage) -> datetime | None:
        return _local(record.starts_at)

    @staticmethod
    def resolve_ends_at(record: CatalogPage) -> datetime | None:
        return _local(record.ends_at)


class KindLabel(Schema):
    kind_label: str

    @staticmethod
    def resolve_kind_label(record: CampaignPage | OfferPage) -> str:
        return record.get_kind_display()


class ProjectOut(RecordOut):
    type: Literal["project"]
    website: str


class ConsultationOut(RecordOut):
    type: Literal["consultation"]
    project_id: int | None


class CampaignOut(KindLabel, RecordOut):
    type: Literal["campaign"]
    kind: CampaignKind
    project_id: int | None
    consultation_id: int | None


class EventOut(RecordOut):
    type: Literal["event"]
    event_type: EventType
    event_type_label: str
    venue_name: str
    venue_address: str
    is_online: bool
    online_url: str
    consultation_id: int | None
    project_id: int | None

    @staticmethod
    def resolve_event_type_label(record: EventPage) -> str:
        return record.get_event_type_display()

    @staticmethod
    def resolve_online_url(record: EventPage) -> str:
        return "" if online_link_is_private(record) else record.online_url


class OfferOut(KindLabel, RecordOut):
    type: Literal["offer"]
    kind: OfferKind
    audience: str
    how_to_use: str
    website: str


class Body(Schema):
    body: str = Field(description="The description as sanitised HTML with absolute links.")

    @staticmethod
    def resolve_body(record: CatalogPage, context: dict[str, Any]) -> str:
        return public_html(record.body, base_url=context["request"].build_absolute_uri("/"))


class ProjectDetail(Body, ProjectOut):
    pass


class ConsultationDetail(Body, ConsultationOut):
    pass


class CampaignDetail(Body, CampaignOut):
    pass


class EventDetail(Body, EventOut):
    pass


class OfferDetail(Body, OfferOut):
    pass


@dataclass(frozen=True)
class RecordType:
    slug: str  # the value of `type` and of the `type` filter
    path: str  # the per-type listing, /api/v1/<path>
    model: type[CatalogPage]
    schema: type[RecordOut]
    detail_schema: type[RecordOut]


RECORD_TYPES = (
    RecordType("project", "projects", ProjectPage, ProjectOut, ProjectDetail),
    RecordType("consultation", "consultations", ConsultationPage, ConsultationOut, ConsultationDetail),
    RecordType("campaign", "campaigns", CampaignPage, CampaignOut, CampaignDetail),
    RecordType("event", "events", EventPage, EventOut, EventDetail),
    RecordType("offer", "offers", OfferPage, OfferOut, OfferDetail),
)
RECORD_TYPE_BY_SLUG = {record_type.slug: record_type for record_type in RECORD_TYPES}
_SLUG_BY_MODEL = {record_type.model: record_type.slug for record_type in RECORD_TYPES}


def _record_type_tag(value: CatalogPage | RecordOut) -> str | None:
    """Which member of a union: by model when validating a record, by `type` when serialising the result."""
    return value.type if isinstance(value, RecordOut) else _SLUG_BY_MODEL.get(type(value))


def _any_record_type(schema_of) -> Any:
    return Annotated[
        Union[tuple(Annotated[schema_of(t), Tag(t.slug)] for t in RECORD_TYPES)],  # noqa: UP007
        Discriminator(_record_type_tag),
    ]


AnyRecord = _any_record_type(lambda t: t.schema)
AnyRecordDetail = _any_record_type(lambda t: t.detail_schema)

class ResultsPage[Item](Schema):
    count: int = Field(description="Records matching the filters, on all pages.")
    page: int
    page_size: int
    num_pages: int
    next: str | None = Field(description="Absolute address of the next page, with the same filters.")
    previous: str | None
    results: list[Item]


def results_page(name: str, item: Any) -> type[ResultsPage]:
    """A named page schema, so the OpenAPI document says "EventsPage" rather than a generic's long name."""
    return create_model(name, __base__=ResultsPage[item])


# Query parameters are declared as strings so that api.forms (the portal's form) validates them and
# words the errors in Polish; WithJsonSchema documents the type a client should send.
DateParam = Annotated[str | None, WithJsonSchema({"type": "string", "format": "date"})]
PageParam = Annotated[str | None, WithJsonSchema({"type": "integer", "minimum": 1, "default": 1})]
PageSizeParam = Annotated[
    str | None,
    WithJsonSchema({
        "type": "integer", "minimum": 1, "maximum": settings.DIALOG_API_PAGE_SIZE_MAX, "default": settings.DIALOG_PAGE_SIZE,
    }),
]


def _choices(values: list[str]) -> Any:
    return Annotated[list[str], WithJsonSchema({"type": "array", "items": {"type": "string", "enum": values}})]


class RecordQuery(Schema):
    q: str = Field(
        "",
        description="Words to find in title, lead, description, districts and topics; all must match; "
        "Polish letters may be typed without diacritics.",
    )
    district: list[str] = Field([], description="District slug; repeat for several (any matches).")
    topic: list[str] = Field([], description="Topic slug; repeat for several (any matches).")
    date_from: DateParam = Field(None, description="YYYY-MM-DD: records that end on or after this day.")
    date_to: DateParam = Field(None, description="YYYY-MM-DD: records that start on or before this day.")
    page: PageParam = None
    page_size: PageSizeParam = None


def query_schema(name: str, *, statuses: list[Status], types: list[str] | None = None) -> type[RecordQuery]:
    """The parameters of one listing: the statuses its record types use, and `type` where it mixes types."""
    fields: dict[str, Any] = {
        "status": (_choices([s.value for s in statuses]), Field([], description="Repeat for several.")),
    }
    if types:
        fields["type"] = (_choices(types), Field([], description="Record type; repeat for several."))
    return create_model(name, __base__=RecordQuery, **fields)
