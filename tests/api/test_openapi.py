"""The OpenAPI document describes every endpoint and parameter; the docs page works without the internet."""

import json

import pytest

from api.forms import AllRecordsQueryForm
from catalog.filters import RecordFilterForm

pytestmark = pytest.mark.django_db

LISTINGS = ["/api/v1/records", "/api/v1/projects", "/api/v1/consultations", "/api/v1/campaigns", "/api/v1/events", "/api/v1/offers"]


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def parameters(schema, path: str) -> dict[str, dict]:
    return {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}


def test_schema_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {*LISTINGS, "/api/v1/records/{id}"}
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


@pytest.mark.parametrize("path", LISTINGS)
def test_every_listing_documents_the_portals_filters_and_paging(schema, path):
    documented = parameters(schema, path)
    assert set(RecordFilterForm.base_fields) <= set(documented)
    assert {"page", "page_size"} <= set(documented)
    assert documented["page_size"]["schema"]["maximum"] == 100
    assert documented["date_from"]["schema"]["format"] == "date"
    assert documented["district"]["schema"]["type"] == "array"


def test_records_documents_the_type_filter_and_type_listings_their_own_statuses(schema):
    assert set(parameters(schema, "/api/v1/records")) == set(AllRecordsQueryForm.base_fields)
    event_statuses = parameters(schema, "/api/v1/events")["status"]["schema"]["items"]["enum"]
    assert event_statuses == ["planned", "announced", "finished", "cancelled"]
    record_types = parameters(schema, "/api/v1/records")["type"]["schema"]["items"]["enum"]
    assert record_types == ["project", "consultation", "campaign", "event", "offer"]


def test_responses_are_described_per_record_type(schema):
    components = schema["components"]["schemas"]
    listing = schema["paths"]["/api/v1/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listing == {"$ref": "#/components/schemas/EventsPage"}
    assert components["EventOut"]["properties"]["type"]["const"] == "event"
    assert {"type", "url", "status_label", "districts", "event_type", "venue_name"} <= set(components["EventOut"]["required"])
    detail = schema["paths"]["/api/v1/records/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert len(detail["oneOf"]) == 5
    assert "body" in components["ConsultationDetail"]["properties"]
    assert "body" not in components["ConsultationOut"]["properties"]


def test_the_token_is_optional_and_a_bearer_token(schema):
    schemes = schema["components"]["securitySchemes"]
    assert list(schemes) == ["TokenAuth"]
    assert schemes["TokenAuth"]["type"] == "http" and schemes["TokenAuth"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/records"]["get"]["security"] == [{"TokenAuth": []}, {}]


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/api/v1/openapi.json" in html
    assert "cdn." not in html and "https://" not in html
    assert '"validatorUrl": null' in html
