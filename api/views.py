"""The read-only catalog API under /api/v1/: one listing implementation, registered once per record type.

Anonymous callers and tokens of non-staff users see published records; a staff user's token (see
`api.auth`) also sees drafts. The OpenAPI document is at /api/v1/openapi.json and Swagger UI at
/api/v1/docs, served from ninja's bundled static files (no CDN).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from wagtail.models import APIToken

from catalog.models import CatalogPage
from catalog.selectors import filtered_records, with_listing_relations
from catalog.statuses import Status

from . import problems
from .auth import ANONYMOUS_SCHEME, AUTH
from .forms import AllRecordsQueryForm, RecordQueryForm
from .pagination import paginate
from .problems import InvalidParameters
from .schemas import RECORD_TYPES, AnyRecord, AnyRecordDetail, RecordType, query_schema, results_page
from .selectors import visible_record, visible_records, with_response_relations


class ReadableJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Polish letters as themselves, not \u escapes


class CatalogAPI(NinjaAPI):
    def create_temporal_response(self, request: HttpRequest) -> HttpResponse:
        """Anonymous answers may be cached by anyone for a minute; a token's answers by no one."""
        response = super().create_temporal_response(request)
        if isinstance(request.auth, APIToken):
            response["Cache-Control"] = "private, no-store"
        else:
            response["Cache-Control"] = "public, max-age=60"
            response["Vary"] = "Authorization"
        return response

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        """Say "the token is optional" the OpenAPI way: an empty requirement, not a scheme named anonymous."""
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"] = [{} if ANONYMOUS_SCHEME in r else r for r in operation["security"]]
        return schema


api = CatalogAPI(
    title="Dialog API",
    version="1",
    description="Read-only catalog of projects, consultations, campaigns, events and offers, with the "
    "portal's filters. Send `Authorization: Bearer <token>` with a staff user's API token to see drafts "
    "too. Errors are RFC 9457 problems (application/problem+json) with Polish messages.",
    urls_namespace="api-v1",
    auth=AUTH,
    renderer=ReadableJSON(),
    docs=Swagger(settings={"validatorUrl": None}),  # no request to validator.swagger.io
)
problems.install(api)


def one_page(request: HttpRequest, *, form: RecordQueryForm, model: type[CatalogPage]) -> dict:
    """Every listing endpoint: validate the query, filter what the caller may see, return one page."""
    if not form.is_valid():
        raise InvalidParameters(form.errors)
    records = visible_records(request.user, model)
    if types := form.record_models():
        records = records.type(*types)
    return paginate(request, with_response_relations(with_listing_relations(filtered_records(records, form.to_filters()))), **form.paging())


RecordsQuery = query_schema("RecordsQuery", statuses=list(Status), types=[t.slug for t in RECORD_TYPES])


@api.get("/records", response=results_page("RecordsPage", AnyRecord), url_name="records", summary="Records of every type")
def list_records(request: HttpRequest, query: Query[RecordsQuery]):
    return one_page(request, form=AllRecordsQueryForm(query.dict()), model=CatalogPage)


@api.get("/records/{id}", response=AnyRecordDetail, url_name="record", summary="One record with its description")
def get_record(request: HttpRequest, id: int):
    record = visible_record(request.user, id)
    if record is None:
        raise Http404(_("There is no record with this id, or it is not published."))
    return record


def _register_listing(record_type: RecordType) -> None:
    statuses = record_type.model.allowed_statuses
    TypeQuery = query_schema(f"{record_type.slug.capitalize()}Query", statuses=statuses)

    def listing(request: HttpRequest, query: Query[TypeQuery]):
        return one_page(request, form=RecordQueryForm(query.dict(), allowed_statuses=statuses), model=record_type.model)

    listing.__name__ = f"list_{record_type.path}"
    api.get(
        f"/{record_type.path}",
        response=results_page(f"{record_type.path.capitalize()}Page", record_type.schema),
        url_name=record_type.path,
        summary=f"Records of type “{record_type.slug}”",
    )(listing)


for _record_type in RECORD_TYPES:
    _register_listing(_record_type)
