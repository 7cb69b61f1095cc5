"""A survey in a real browser: a resident answers two pages with the keyboard only, meets a validation error, fixes
it, goes back a page and forward again, and sends; the ALTCHA widget solves its challenge on send. axe scans the
listing, each page of the form, the form with errors and the thank-you page."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Answer, Response
from tests.browser.keyboard import tab_to
from tests.surveys.conftest import make_survey, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


@pytest.fixture
def survey(site_tree, settings):
    settings.DIALOG_ALTCHA_MAX_NUMBER = 5000  # the widget solves it in a blink; the format is the production one
    return make_survey([
        question("dojazd", "single", required=True, config={"choices": ["tramwajem", "rowerem"], "other": True}, text="Jak dojeżdżasz do parku?"),
        question("przystanek", "text", config={"max_length": 200}, show_if={"code": "dojazd", "value": "tramwajem"}, text="Czego brakuje na przystanku?"),
        question("ocena", "scale", page=2, required=True, config={"min": 1, "max": 5, "min_label": "źle", "max_label": "dobrze"}, text="Jak oceniasz park?"),
        question("stan", "matrix", page=2, config={"rows": ["ławki", "alejki"], "columns": ["źle", "dobrze"]}, text="Jak oceniasz:"),
        question("uwagi", "text", page=2, config={"max_length": 500, "multiline": True}, text="Uwagi"),
    ], title="Park Lotników: jak z niego korzystasz?", intro="Pięć krótkich pytań o park.")


def test_resident_answers_a_two_page_survey_with_the_keyboard(live_server, page, axe_check, survey):
    page.goto(f"{live_server.url}/ankiety/")
    scan(page, axe_check, "listing of open surveys")
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_text("Strona 1 z 2")).to_be_visible()  # waits for the survey's page: the click only starts it
    assert page.get_by_role("group", name="Jak dojeżdżasz do parku?").count() == 1  # fieldset + legend
    scan(page, axe_check, "survey page 1")

    # Send without answering the required question: the summary takes the focus and links to the radio group.
    tab_to(page, "form.survey-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()  # `autofocus` acts after the load event, so wait for it
    link = page.get_by_role("alert").get_by_role("link", name="Odpowiedz na pytanie „Jak dojeżdżasz do parku?”.")
    assert link.get_attribute("href") == "#id_q_dojazd_0"
    assert Response.objects.count() == 0
    scan(page, axe_check, "survey page 1 with an error")

    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_q_dojazd_0"
    page.keyboard.press("Space")
    assert page.locator("#id_q_dojazd_0").is_checked()
    tab_to(page, "#id_q_przystanek")
    page.keyboard.type("Wiaty i ławki")
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=2")
    assert page.get_by_text("Strona 2 z 2").is_visible()
    scan(page, axe_check, "survey page 2 with the anti-robot check")

    # Back to page 1 by the link: the answers are still there; forward again.
    tab_to(page, "a[href$='?strona=1']")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=1")
    assert page.locator("#id_q_dojazd_0").is_checked() and page.locator("#id_q_przystanek").input_value() == "Wiaty i ławki"
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=2")

    tab_to(page, "#id_q_ocena_0")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.locator("#id_q_ocena_3").is_checked()
    tab_to(page, "#id_q_stan_0_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_q_uwagi")
    page.keyboard.type("Więcej koszy na śmieci.")
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")  # the widget solves its challenge, then sends the form
    page.wait_for_url("**/dziekujemy/")
    assert page.get_by_role("heading", name="Dziękujemy za odpowiedzi").is_visible()
    scan(page, axe_check, "thank-you page")

    response = Response.objects.get()
    assert not response.unverified and response.proof  # the widget's proof was checked
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["4", "Wiaty i ławki", "Więcej koszy na śmieci.", "tramwajem", "ławki: źle"]


@pytest.fixture
def finished_survey(site_tree):
    """A closed survey of every question type with a few responses, for the results and open-data pages."""
    from tests.factories import DistrictFactory
    from tests.surveys.conftest import at, every_type_questions, respond

    old_town, grzegorzki = DistrictFactory(number=1, name="Stare Miasto"), DistrictFactory(number=2, name="Grzegórzki")
    survey = make_survey(every_type_questions(), title="Park Lotników: wyniki")
    for index in range(6):
        where = old_town if index % 3 else grzegorzki
        respond(survey, {
            "dzielnica": {"id": where.pk, "name": where.name}, "dojazd": {"choice": "tramwajem"} if index % 2 else {"other": "hulajnogą"},
            "zalety": {"choices": ["cisza", "zieleń"]}, "ocena": 1 + index % 5, "priorytety": ["drzewa", "ławki", "oświetlenie"],
            "stan": {"czystość": "dobrze", "oświetlenie": "źle"}, "uwagi": "Więcej ławek", "wiek": 30 + index,
        }, submitted_at=at(1 + index % 2))
    survey.status = "closed"
    survey.save()
    return survey


def test_staff_results_and_public_open_data_pages_pass_axe(live_server, page, axe_check, login, finished_survey):
    from tests.factories import UserFactory

    UserFactory(username="redaktor", groups=["Redaktor"])
    page.goto(f"{live_server.url}/ankiety/{finished_survey.pk}/dane-otwarte/")
    scan(page, axe_check, "public open-data page")
    assert page.get_by_role("link", name="Dane otwarte jako CSV").count() == 1

    login(page, "redaktor")
    page.goto(f"{live_server.url}/admin/ankiety/{finished_survey.pk}/wyniki/")
    assert page.get_by_role("img", name="W której dzielnicy mieszkasz? – Odpowiedzi").count() == 1  # the SVG title (+ desc)
    axe_check(page, "staff results page")
    page.goto(f"{live_server.url}/admin/ankiety/{finished_survey.pk}/wyniki/?od=31.02.2026")
    assert page.get_by_role("alert").is_visible()
    axe_check(page, "staff results page with a filter error")


# The optional map of a place question: Leaflet over tiles from a local server, or no tiles at all.

def tile_png() -> bytes:
    """A valid 1×1 light grey PNG: what the fake tile server answers for every tile."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xe0")) + chunk(b"IEND", b"")


@pytest.fixture
def tile_server():
    """Map tiles on loopback, as a tile server gives them: the same PNG for any /{z}/{x}/{y}.png; yields the template."""
    import re
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    png = tile_png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 – http.server's name
            if not re.fullmatch(r"/\d+/\d+/\d+\.png", self.path):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: every tile request is refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def place_survey(site_tree, settings):
    settings.DIALOG_ALTCHA_MAX_NUMBER = 5000
    settings.DIALOG_MAP_CENTER, settings.DIALOG_MAP_ZOOM = (50.0614, 19.9366), 12
    return make_survey([question("miejsce", "map", text="Gdzie brakuje ławki?")], title="Ławki na Plantach")


def point_at(center: tuple[float, float], zoom: int, dx: float, dy: float) -> tuple[float, float]:
    """The latitude and longitude `dx`, `dy` CSS pixels from the centre of a Web Mercator map (Leaflet's 256 px tiles)."""
    import math

    scale = 256 * 2**zoom
    x = (center[1] + 180) / 360 * scale + dx
    y = (1 - math.log(math.tan(math.radians(center[0])) + 1 / math.cos(math.radians(center[0]))) / math.pi) / 2 * scale + dy
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale)))), x / scale * 360 - 180


def wait_until_the_map_rests(page) -> None:
    """Until Leaflet's animated pan has ended: the map's pane stays where it is over two animation frames."""
    page.wait_for_function("""() => new Promise(resolve => {
        const pane = document.querySelector('.survey-map .leaflet-map-pane');
        const before = pane.style.transform;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(pane.style.transform === before)));
    })""")


def test_a_resident_marks_a_place_on_the_map_and_it_is_stored(live_server, page, axe_check, place_survey, tile_server, settings):
    settings.DIALOG_MAP_TILES_URL = tile_server
    page.goto(f"{live_server.url}{place_survey.get_absolute_url()}")
    canvas = page.get_by_role("region", name="Mapa: wskaż miejsce (opcjonalnie)")
    expect(canvas).to_be_visible()
    expect(canvas.locator("img.leaflet-tile-loaded").first).to_be_attached()  # the local tiles arrived
    latitude, longitude = page.get_by_label("Szerokość geograficzna"), page.get_by_label("Długość geograficzna")
    expect(latitude).to_be_hidden()  # still folded in <details>: the map does not change the fields until used
    scan(page, axe_check, "survey page with a map")

    # A click 60 px right of and 40 px below the centre marks that point and fills the fields, the Polish way.
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] / 2 + 60, "y": box["height"] / 2 + 40})
    expect(latitude).to_have_value(re.compile(r"^\d{2},\d{6}$"))
    expect(page.get_by_role("status")).to_contain_text("Wskazano punkt")
    lat, lng = (float(field.input_value().replace(",", ".")) for field in (latitude, longitude))
    expected_lat, expected_lng = point_at((50.0614, 19.9366), 12, 60, 40)
    assert abs(lat - expected_lat) < 0.001 and abs(lng - expected_lng) < 0.001  # within a few pixels of the click
    west, east = point_at((50.0614, 19.9366), 12, -box["width"] / 2, 0)[1], point_at((50.0614, 19.9366), 12, box["width"] / 2, 0)[1]
    south, north = point_at((50.0614, 19.9366), 12, 0, box["height"] / 2)[0], point_at((50.0614, 19.9366), 12, 0, -box["height"] / 2)[0]
    assert south < lat < north and west < lng < east  # inside the map as shown
    expect(canvas.get_by_role("img", name="Wskazane miejsce")).to_be_visible()

    # The keyboard: Tab to the map, pan with an arrow key, Enter marks the new centre.
    tab_to(page, ".survey-map__canvas")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # during the pan's animation: map.js marks where the pan ends
    expect(latitude).not_to_have_value(f"{lat:.6f}".replace(".", ","))
    wait_until_the_map_rests(page)
    north_lat, north_lng = point_at((50.0614, 19.9366), 12, 0, -80)  # Leaflet pans 80 px per arrow press
    lat = float(latitude.input_value().replace(",", "."))
    assert abs(lat - north_lat) < 0.001 and abs(float(longitude.input_value().replace(",", ".")) - north_lng) < 0.001
    scan(page, axe_check, "survey page with a marked point")

    # Typed coordinates move the marker: here back onto the map's starting centre.
    latitude.fill("50,0614")
    longitude.fill("19,9366")
    longitude.press("Tab")  # the change event
    page.wait_for_function("""() => {
        const map = document.querySelector('.survey-map__canvas').getBoundingClientRect();
        const pin = document.querySelector('.survey-map .leaflet-marker-icon').getBoundingClientRect();
        return Math.abs(pin.left + pin.width / 2 - (map.left + map.width / 2)) < 3 && Math.abs(pin.bottom - (map.top + map.height / 2)) < 3;
    }""")
    wait_until_the_map_rests(page)  # the pan to the typed point is animated: the pin is read where it stops
    assert latitude.input_value() == "50,0614"  # what was typed stays as typed

    # Dragging the marker 50 px to the right fills the fields anew: the same latitude, a longitude further east.
    canvas.scroll_into_view_if_needed()  # Tab may have scrolled it partly away; the mouse works in the viewport
    pin = canvas.get_by_role("img", name="Wskazane miejsce").bounding_box()
    page.mouse.move(pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] / 2)
    page.mouse.down()
    page.mouse.move(pin["x"] + pin["width"] / 2 + 25, pin["y"] + pin["height"] / 2, steps=5)
    page.mouse.move(pin["x"] + pin["width"] / 2 + 50, pin["y"] + pin["height"] / 2, steps=5)
    page.mouse.up()
    expect(longitude).not_to_have_value("19,9366")
    dragged_lat, dragged_lng = point_at((50.0614, 19.9366), 12, 50, 0)
    assert abs(float(latitude.input_value().replace(",", ".")) - dragged_lat) < 0.001
    assert abs(float(longitude.input_value().replace(",", ".")) - dragged_lng) < 0.001
    sent = (latitude.input_value().replace(",", "."), longitude.input_value().replace(",", "."))

    page.locator("form.survey-form button[type=submit]").click()  # ALTCHA solves its challenge, then the form goes
    page.wait_for_url("**/dziekujemy/")
    assert Answer.objects.get().value == {"address": "", "lat": sent[0], "lng": sent[1]}


def test_without_map_tiles_a_resident_answers_with_an_address_and_a_district(live_server, page, axe_check, place_survey, closed_port, settings):
    settings.DIALOG_MAP_TILES_URL = f"http://127.0.0.1:{closed_port}/{{z}}/{{x}}/{{y}}.png"
    page.goto(f"{live_server.url}{place_survey.get_absolute_url()}")
    expect(page.get_by_role("status")).to_have_text("Nie udało się wczytać mapy. Podaj adres albo dzielnicę.")
    expect(page.locator(".survey-map__canvas")).to_be_hidden()
    scan(page, axe_check, "survey page whose map could not load")
    page.get_by_label("Adres lub charakterystyczne miejsce").fill("Planty przy ul. Basztowej")
    page.get_by_label("Dzielnica", exact=True).select_option(label="Stare Miasto")
    page.locator("form.survey-form button[type=submit]").click()
    page.wait_for_url("**/dziekujemy/")
    value = Answer.objects.get().value
    assert value["address"] == "Planty przy ul. Basztowej" and value["district"]["name"] == "Stare Miasto" and "lat" not in value
