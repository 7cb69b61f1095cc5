"""The listing's short cuts give what Django's and Wagtail's general paths give: widgets, counts, routing, the site."""

import re

import pytest
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from catalog.models import ConsultationPage
from core import prepared
from core.models import District
from core.prepared import prepared_read
from portal.forms import ListingFilterForm, SearchForm
from portal.templatetags.portal_tags import field_widget
from tests.factories import ConsultationFactory, EventFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

WITH_CACHED_SITE = override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, "portal.middleware.CachedSiteMiddleware"])


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a>', html)


class ContactForm(forms.Form):
    email = forms.EmailField(label="E-mail", help_text="We write only about this.")
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", 'quote "b"')])
    code = forms.CharField(required=False, disabled=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'plac "zabaw" <b>&', "date_from": "2026-03-16", "date_to": "wczoraj", "sort": "title"},
        {"sort": "losowo", "date_from": "2026-13-01"},
    ],
)
def test_field_widget_writes_what_django_writes(data, site_tree):
    form = ListingFilterForm(data)
    form.is_valid()
    for name in ("q", "date_from", "date_to", "sort"):
        assert field_widget(form[name]) == str(form[name])
    search = SearchForm({"q": "x" * 200})
    search.is_valid()
    assert field_widget(search["q"]) == str(search["q"])
    for bound in (ContactForm(), ContactForm({"email": "zły", "kind": "b"})):
        bound.is_valid()
        for name in ("email", "kind", "code"):
            assert field_widget(bound[name]) == str(bound[name])


def test_counts_and_pages_come_from_one_query(client, site_tree):
    for index in range(23):
        ConsultationFactory(title=f"Konsultacja {index:02d}")
    first = client.get("/konsultacje/?sort=title").content.decode()
    last = client.get("/konsultacje/?sort=title&page=2").content.decode()
    assert "Znaleziono 23 wyniki." in first and "Znaleziono 23 wyniki." in last
    assert [title for _, title in titles(first)] == [f"Konsultacja {index:02d}" for index in range(20)]
    assert [title for _, title in titles(last)] == [f"Konsultacja {index:02d}" for index in range(20, 23)]
    for page in ("3", "99999999999999999999999", "-5", "1.5"):
        response = client.get(f"/konsultacje/?page={page}")
        assert response.status_code == 400, page
        assert "Nie ma takiej strony wyników." in response.content.decode()
    empty = client.get("/konsultacje/?status=closed")
    assert empty.status_code == 200 and "Znaleziono 0 wyników." in empty.content.decode()


def test_card_addresses_are_wagtails(client, site_tree):
    consultation = ConsultationFactory(title="Żółta ścieżka", slug="żółta-ścieżka")
    for language, url in (("pl", "/konsultacje/"), ("en", "/en/konsultacje/")):
        (href, _), = titles(client.get(url).content.decode())
        with translation.override(language):
            assert href == consultation.get_url()
        assert client.get(href).status_code == 200


def test_routing_hint_never_routes_to_a_wrong_page(client, site_tree):
    event = EventFactory(title="Spacer badawczy")
    assert client.get(event.url).status_code == 200
    home = Site.objects.get(is_default_site=True).root_page
    # A stale hint (another process changed the tree): a slug routed as the wrong type falls back to Wagtail.
    cache.set(f"portal:child-types:{home.path}", {"wydarzenia": Page.objects.get(slug="konsultacje").content_type_id}, 300)
    assert client.get(event.url).status_code == 200
    assert client.get("/nie-ma-takiej-strony/").status_code == 404


@WITH_CACHED_SITE
def test_cached_site_serves_the_same_pages_with_fewer_queries(client, site_tree):
    ConsultationFactory(title="Rynek")
    client.get("/konsultacje/")  # fills the caches
    with CaptureQueriesContext(connection) as cached:
        html = client.get("/konsultacje/").content.decode()
    assert [title for _, title in titles(html)] == ["Rynek"]
    assert not any("wagtailcore_site" in query["sql"] for query in cached.captured_queries)
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.title = "Nowy tytuł strony głównej"
    home.save_revision().publish()
    assert "Nowy tytuł strony głównej" in client.get("/").content.decode()  # the home page itself is never cached
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Dialog Nowa Nazwa"
    site.save()  # drops the cached site
    assert client.get("/konsultacje/").status_code == 200
    assert Site.find_for_request(client.get("/konsultacje/").wsgi_request).site_name == "Dialog Nowa Nazwa"


def _consultations(shape, *pks):
    return ConsultationPage.objects.filter(pk__in=pks).order_by("pk")


def _titles(shape, slug):
    return Page.objects.filter(slug=slug).values_list("title", "last_published_at")


def test_prepared_reads_give_what_the_queryset_gives_read_fresh(site_tree):
    records = [ConsultationFactory(title=f"Konsultacja {index}") for index in range(3)]
    pks = [record.pk for record in records]
    read = prepared_read(_consultations, len(pks), pks)
    assert read == list(_consultations(None, *pks))
    assert [(r.title, r.starts_at, r.live, r.url_path) for r in read] == [(r.title, r.starts_at, r.live, r.url_path) for r in records]
    records[0].title = "Nowy tytuł"
    records[0].save_revision().publish()
    assert prepared_read(_consultations, len(pks), pks)[0].title == "Nowy tytuł"  # only the SQL is reused
    slug = records[1].slug
    assert prepared_read(_titles, None, [slug]) == list(_titles(None, slug))
    with pytest.raises(ValueError, match="unchanged"):
        prepared_read(lambda shape, title: Page.objects.filter(title__startswith=title), None, ["Kons"])


def test_a_prepared_read_of_a_child_brings_its_foreign_keys_fresh_and_without_more_queries(site_tree):
    from catalog.models import ConsultationIndexPage, ProjectPage
    from core.page_reads import child_by_slug

    unit = OrganisationFactory(name="Wydział Komunikacji")
    project = ProjectFactory(title="Klimat dla Krakowa")
    record = ConsultationFactory(title="Zielone podwórka", responsible_unit=unit, project=project)
    listing = ConsultationIndexPage.objects.get()
    joins = tuple(ConsultationPage.page_joins())
    for _ in range(2):  # compiled once, read twice
        with CaptureQueriesContext(connection) as queries:
            read = child_by_slug(listing, ConsultationPage, record.slug, joins=joins)
            assert (read.title, read.responsible_unit.name, read.project.title, read.image) == (
                "Zielone podwórka", "Wydział Komunikacji", "Klimat dla Krakowa", None,
            )
            assert isinstance(read.project, ProjectPage) and read.get_parent() == listing
        assert len(queries) == 1
    unit.name = "Wydział Dialogu"
    unit.save()
    assert child_by_slug(listing, ConsultationPage, record.slug, joins=joins).responsible_unit.name == "Wydział Dialogu"
    assert child_by_slug(listing, ConsultationPage, "nie-ma-takiej", joins=joins) is None


def test_many_shapes_of_one_read_do_not_push_out_anothers_statements(site_tree, monkeypatch):
    monkeypatch.setattr(prepared, "STATEMENTS_PER_READ", 3)

    def by_slug(shape, slug):
        return Page.objects.filter(slug=slug).values_list("title")

    def by_depth(depth, slug):  # e.g. a listing's pages: a shape per page number
        return Page.objects.filter(depth=depth, slug=slug).values_list("title")

    prepared_read(by_slug, None, ["konsultacje"])
    for depth in range(1, 10):
        prepared_read(by_depth, depth, ["konsultacje"])
    assert prepared_read(by_slug, None, ["konsultacje"]) == [("Konsultacje społeczne",)]
    assert prepared._statements(by_slug).cache_info().hits == 1  # still compiled
    assert prepared._statements(by_depth).cache_info().currsize == 3


def test_a_prepared_listing_runs_with_each_requests_filters(client, site_tree):
    old_town, podgorze = District.objects.get(number=1), District.objects.get(number=13)
    ConsultationFactory(title="Rynek", districts=[old_town])
    ConsultationFactory(title="Kopiec", districts=[podgorze])
    for district, title in ((old_town, "Rynek"), (podgorze, "Kopiec")):  # one shape of the query, two districts
        html = client.get(f"/konsultacje/?district={district.slug}").content.decode()
        assert [found for _, found in titles(html)] == [title]
    assert [found for _, found in titles(client.get("/konsultacje/?sort=title").content.decode())] == ["Kopiec", "Rynek"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_plans_a_listings_query_once_per_connection(client, site_tree):
    ConsultationFactory(title="Rynek", districts=[District.objects.get(number=1)])
    for slug in ("stare-miasto", "podgorze", "stare-miasto"):
        client.get(f"/konsultacje/?district={slug}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%COUNT(*) OVER ()%"])
        listings = [statement for (statement,) in cursor.fetchall()]
    assert len(listings) == 1  # one statement for both districts: their ids are parameters
    assert '"catalog_catalogpage_districts"' in listings[0] and "$1" in listings[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_small_and_large_ids_share_one_prepared_statement(site_tree):
    from portal.selectors import district_names

    for ids in ([1, 2], [1, 40_000], [70_000, 5_000_000_000]):  # smallint, integer and bigint sizes to psycopg
        district_names(ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"catalog_catalogpage_districts"%IN ($1, $2)%'])
        assert cursor.fetchone()[0] == 1
