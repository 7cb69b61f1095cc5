"""The optional map of a place question: drawn by map.js from data attributes the page carries while the map is on;
without it (setting empty, no JavaScript) the address, district and coordinate fields are the whole question."""

import html
import re

import pytest

from .conftest import make_survey, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def place_survey(db):
    return make_survey([
        question("ulica", "text", config={"max_length": 50}, text="Której ulicy dotyczy uwaga?"),
        question("miejsce", "map", text="Gdzie brakuje ławki?"),
    ])


def map_box(content: str) -> dict[str, str] | None:
    """The data attributes of the page's map container, or None without one."""
    found = re.search(r'<div class="survey-map" hidden([^>]*)>', content)
    if found is None:
        return None
    return {name: html.unescape(value) for name, value in re.findall(r'data-([a-z0-9-]+)="([^"]*)"', found.group(1))}


def test_a_place_question_carries_the_map_settings_for_map_js(client, settings, place_survey):
    settings.DIALOG_MAP_TILES_URL = TILES
    settings.DIALOG_MAP_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    settings.DIALOG_MAP_CENTER, settings.DIALOG_MAP_ZOOM = (50.0614, 19.9366), 12
    settings.DIALOG_SURVEY_MAP_BOUNDS = (49.96, 19.78, 50.13, 20.22)
    content = client.get(place_survey.get_absolute_url()).content.decode()

    box = map_box(content)
    assert box is not None
    assert box["tiles"] == TILES and box["attribution"] == settings.DIALOG_MAP_ATTRIBUTION
    assert (box["center"], box["zoom"], box["bounds"]) == ("50.0614,19.9366", "12", "49.96,19.78,50.13,20.22")
    assert (box["lat"], box["lng"], box["decimal-separator"]) == ("id_q_miejsce_lat", "id_q_miejsce_lng", ",")
    assert box["marker-icon"].endswith("surveys/vendor/leaflet/images/marker-icon.png")
    assert (box["marker-label"], box["zoom-in"], box["zoom-out"]) == ("Wskazane miejsce", "Przybliż", "Oddal")
    assert box["marked"].startswith("Wskazano punkt: {point}.")  # map.js puts the coordinates in
    assert box["failed"] == "Nie udało się wczytać mapy. Podaj adres albo dzielnicę."
    # Named for screen readers and described by how to use it; the fields stay as they were.
    assert 'role="region" aria-label="Mapa: wskaż miejsce (opcjonalnie)" aria-describedby="id_q_miejsce_address_map_hint"' in content
    assert 'id="id_q_miejsce_address_map_hint"' in content
    for name in ("address", "district", "lat", "lng"):
        assert f'name="q_miejsce_{name}"' in content
    # Leaflet and map.js come from our own static files, in the head, once.
    head = content.split("</head>")[0]
    assert head.count("surveys/vendor/leaflet/leaflet.js") == 1 and head.count("surveys/map.js") == 1
    assert head.count("surveys/vendor/leaflet/leaflet.css") == 1
    assert "<script>" not in content  # no inline script


def test_with_the_tiles_setting_empty_there_is_no_map_and_no_script(client, settings, place_survey):
    settings.DIALOG_MAP_TILES_URL = ""
    response = client.get(place_survey.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert map_box(content) is None and "leaflet" not in content and "map.js" not in content
    assert 'name="q_miejsce_lat"' in content and 'name="q_miejsce_address"' in content


def test_a_page_without_a_place_question_loads_no_map(client, settings, two_page_survey):
    settings.DIALOG_MAP_TILES_URL = TILES
    content = client.get(two_page_survey.get_absolute_url()).content.decode()
    assert "leaflet" not in content and "map.js" not in content


def test_a_point_from_the_map_is_stored_as_typed_coordinates(client, settings, place_survey):
    """map.js only fills the fields: what it sends is what a resident could type, in the page's decimal format."""
    from surveys.models import Answer

    from .test_antibot import solved

    settings.DIALOG_MAP_TILES_URL = TILES
    settings.DIALOG_ALTCHA_MAX_NUMBER = 2000
    url = place_survey.get_absolute_url()
    page = client.get(url).content.decode()
    attempt = re.search(r'name="attempt" value="([^"]+)"', page).group(1)
    sent = client.post(url, {
        "attempt": attempt, "page": "1", "q_miejsce_lat": "50,061400", "q_miejsce_lng": "19,936600", "altcha": solved(),
    })
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert Answer.objects.get().value == {"address": "", "lat": "50.061400", "lng": "19.936600"}


def test_the_staff_preview_draws_the_map_as_residents_see_it(client, settings, site_tree):
    from core.roles import REDAKTOR
    from tests.factories import UserFactory

    settings.DIALOG_MAP_TILES_URL = TILES
    survey = make_survey([
        question("ocena", "scale", config={"min": 1, "max": 5}, text="Jak oceniasz park?"),
        question("miejsce", "map", page=2, text="Gdzie brakuje ławki?"),
    ])
    client.force_login(UserFactory(groups=[REDAKTOR]))
    content = client.get(f"/admin/ankiety/{survey.pk}/podglad/").content.decode()
    assert map_box(content) is not None
    assert content.split("</head>")[0].count("surveys/map.js") == 1
