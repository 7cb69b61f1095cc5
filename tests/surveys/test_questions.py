"""Every question type's validation, through the page form that residents send (no database except districts)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from surveys.forms import SurveyPageForm
from surveys.models import SurveyVersion
from surveys.questions import TYPES, answer_columns, answer_text, validate_config

from .conftest import file_bytes, question

pytestmark = pytest.mark.usefixtures("compiled_translations")


def send(questions, data, files=None, *, page=1, earlier=None):
    form = SurveyPageForm(data, files, version=SurveyVersion(number=1, questions=questions), page=page, earlier=earlier)
    form.is_valid()
    return form


def errors(form) -> dict:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


# ------------------------------------------------------------------ single and multiple choice, "other"

SINGLE = question("dojazd", "single", required=True, config={"choices": ["tramwajem", "rowerem"], "other": True}, text="Jak dojeżdżasz?")


def test_single_choice_stores_the_choice():
    form = send([SINGLE], {"q_dojazd": "rowerem"})
    assert form.is_valid() and form.answers == {"dojazd": {"choice": "rowerem"}}


def test_single_choice_required_message_is_polish_and_names_the_question():
    form = send([SINGLE], {})
    assert errors(form) == {"q_dojazd": ["Odpowiedz na pytanie „Jak dojeżdżasz?”."]}
    assert form.error_links() == [("id_q_dojazd_0", "Odpowiedz na pytanie „Jak dojeżdżasz?”.")]


def test_single_choice_refuses_an_answer_it_did_not_offer():
    assert "q_dojazd" in send([SINGLE], {"q_dojazd": "hulajnogą"}).errors


def test_other_needs_its_text_and_keeps_it():
    assert errors(send([SINGLE], {"q_dojazd": "__other__"})) == {"q_dojazd_other": ["Opisz swoją odpowiedź „inne” w pytaniu „Jak dojeżdżasz?”."]}
    form = send([SINGLE], {"q_dojazd": "__other__", "q_dojazd_other": "  hulajnogą "})
    assert form.answers == {"dojazd": {"other": "hulajnogą"}}


def test_other_text_has_a_length_limit():
    assert "q_dojazd_other" in send([SINGLE], {"q_dojazd": "__other__", "q_dojazd_other": "x" * 301}).errors


MULTI = question("brakuje", "multiple", config={"choices": ["ławek", "zieleni", "światła"], "min": 2, "max": 2, "other": True})


def test_multiple_choice_min_and_max():
    assert "co najmniej 2" in errors(send([MULTI], {"q_brakuje": ["ławek"]}))["q_brakuje"][0]
    assert "co najwyżej 2" in errors(send([MULTI], {"q_brakuje": ["ławek", "zieleni", "światła"]}))["q_brakuje"][0]
    form = send([MULTI], {"q_brakuje": ["ławek", "__other__"], "q_brakuje_other": "toalet"})
    assert form.answers == {"brakuje": {"choices": ["ławek"], "other": "toalet"}}


def test_an_optional_question_left_empty_stores_nothing():
    assert send([MULTI], {}).answers == {}


# ------------------------------------------------------------------ scale, ranking, matrix

def test_scale_keeps_a_whole_number_within_its_points():
    scale = question("ocena", "scale", config={"min": 1, "max": 5, "min_label": "źle", "max_label": "dobrze"})
    assert send([scale], {"q_ocena": "4"}).answers == {"ocena": 4}
    assert "q_ocena" in send([scale], {"q_ocena": "6"}).errors


RANKING = question("kolejnosc", "ranking", config={"choices": ["park", "ścieżka", "chodnik"]}, text="Kolejność")


def test_ranking_orders_the_options_by_place():
    form = send([RANKING], {"q_kolejnosc_0": "2", "q_kolejnosc_1": "3", "q_kolejnosc_2": "1"})
    assert form.answers == {"kolejnosc": ["chodnik", "park", "ścieżka"]}


def test_ranking_refuses_a_place_given_twice_or_a_partial_ranking():
    assert "q_kolejnosc_0" in send([RANKING], {"q_kolejnosc_0": "1", "q_kolejnosc_1": "1", "q_kolejnosc_2": "2"}).errors
    assert "q_kolejnosc_2" in send([RANKING], {"q_kolejnosc_0": "1", "q_kolejnosc_1": "2"}).errors
    assert "q_kolejnosc_0" in send([RANKING], {"q_kolejnosc_0": "9"}).errors


MATRIX = question("ocena", "matrix", required=True, config={"rows": ["czystość", "światło"], "columns": ["źle", "dobrze"]})


def test_matrix_needs_every_row_when_required():
    assert errors(send([MATRIX], {"q_ocena_0": "źle"})) == {"q_ocena_1": ["Odpowiedz w wierszu „światło” w pytaniu „Pytanie ocena”."]}
    assert send([MATRIX], {"q_ocena_0": "źle", "q_ocena_1": "dobrze"}).answers == {"ocena": {"czystość": "źle", "światło": "dobrze"}}
    assert "q_ocena_0" in send([MATRIX], {"q_ocena_0": "świetnie", "q_ocena_1": "dobrze"}).errors


# ------------------------------------------------------------------ text, number, date

def test_open_text_length_limit_message():
    text = question("uwagi", "text", config={"max_length": 10}, text="Uwagi")
    assert errors(send([text], {"q_uwagi": "x" * 11})) == {"q_uwagi": ["Skróć odpowiedź na pytanie „Uwagi” do najwyżej 10 znaków."]}
    assert send([text], {"q_uwagi": " krótko "}).answers == {"uwagi": "krótko"}


def test_number_accepts_a_polish_decimal_comma_and_checks_its_range():
    number = question("ile", "number", config={"min": 0, "max": 10})
    assert send([number], {"q_ile": "3,5"}).answers == {"ile": "3.5"}
    assert "q_ile" in send([number], {"q_ile": "11"}).errors
    assert "q_ile" in send([number], {"q_ile": "dużo"}).errors
    whole = question("lata", "number", config={"integer": True})
    assert send([whole], {"q_lata": "12"}).answers == {"lata": 12}
    assert "q_lata" in send([whole], {"q_lata": "1,5"}).errors


def test_date_in_iso_or_polish_form_within_its_range():
    date = question("kiedy", "date", config={"min": "2026-01-01", "max": "2026-12-31"})
    assert send([date], {"q_kiedy": "2026-03-15"}).answers == {"kiedy": "2026-03-15"}
    assert send([date], {"q_kiedy": "15.03.2026"}).answers == {"kiedy": "2026-03-15"}
    assert "1 stycznia 2026" in errors(send([date], {"q_kiedy": "2025-12-31"}))["q_kiedy"][0]
    assert "q_kiedy" in send([date], {"q_kiedy": "31.02.2026"}).errors
    assert answer_text(date, "2026-03-15") == "15 marca 2026"


# ------------------------------------------------------------------ district and place (needs the districts)

@pytest.mark.django_db
def test_district_is_chosen_from_the_districts_table():
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Podgórze")
    q = question("dzielnica", "district", required=True)
    assert send([q], {"q_dzielnica": str(district.pk)}).answers == {"dzielnica": {"id": district.pk, "name": "Podgórze"}}
    assert "q_dzielnica" in send([q], {"q_dzielnica": "999999"}).errors


@pytest.mark.django_db
def test_a_renamed_or_new_district_is_offered_at_once():
    """The district list is cached; saving a district drops it."""
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Podgórze")
    q = question("dzielnica", "district")
    assert send([q], {"q_dzielnica": str(district.pk)}).answers["dzielnica"]["name"] == "Podgórze"
    district.name = "Podgórze Duchackie"
    district.save()
    added = DistrictFactory(name="Bieżanów")
    assert send([q], {"q_dzielnica": str(district.pk)}).answers["dzielnica"]["name"] == "Podgórze Duchackie"
    assert send([q], {"q_dzielnica": str(added.pk)}).answers["dzielnica"]["name"] == "Bieżanów"


def test_fields_are_built_once_per_version_page_and_language():
    """Forms of one version share their fields; each language has its own, with its own messages."""
    version = SurveyVersion(number=1, questions=[question("uwagi", "text", config={"max_length": 5}, text="Uwagi")])
    with translation.override("pl"):
        first = SurveyPageForm({"q_uwagi": "za długi"}, version=version, page=1)
        again = SurveyPageForm({"q_uwagi": "dobry"}, version=version, page=1)
        assert first.fields["q_uwagi"] is again.fields["q_uwagi"]
        assert errors(first) == {"q_uwagi": ["Skróć odpowiedź na pytanie „Uwagi” do najwyżej 5 znaków."]}
        assert again.is_valid() and again.answers == {"uwagi": "dobry"}
    with translation.override("en"):
        english = SurveyPageForm({"q_uwagi": "too long"}, version=version, page=1)
        assert english.fields["q_uwagi"] is not first.fields["q_uwagi"]
        assert errors(english) == {"q_uwagi": ["Shorten the answer to “Uwagi” to at most 5 characters."]}


@pytest.mark.django_db
def test_place_works_without_a_map_from_an_address_or_a_district():
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Dębniki")
    place = question("miejsce", "map", required=True, text="Gdzie?")
    assert send([place], {"q_miejsce_address": "ul. Kapelanka 1"}).answers == {"miejsce": {"address": "ul. Kapelanka 1"}}
    assert send([place], {"q_miejsce_district": str(district.pk)}).answers["miejsce"]["district"]["name"] == "Dębniki"
    assert "q_miejsce_address" in send([place], {}).errors
    point = send([place], {"q_miejsce_lat": "50,0614", "q_miejsce_lng": "19,9366"}).answers["miejsce"]
    assert (point["lat"], point["lng"]) == ("50.0614", "19.9366")
    assert "q_miejsce_lng" in send([place], {"q_miejsce_lat": "50,06"}).errors
    assert "q_miejsce_lat" in send([place], {"q_miejsce_lat": "52,23", "q_miejsce_lng": "21,01"}).errors  # Warszawa


# ------------------------------------------------------------------ files

FILE = question("zdjecie", "file", config={"types": ["pdf", "png"], "max_mb": 1}, text="Zdjęcie")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_file_of_an_allowed_type_is_saved_under_a_random_name(media):
    upload = SimpleUploadedFile("moje zdjęcie.png", file_bytes("png"), content_type="image/png")
    value = send([FILE], {}, {"q_zdjecie": upload}).answers["zdjecie"]
    assert value["name"] == "moje zdjęcie.png" and value["type"] == "png"
    assert value["file"].startswith("surveys/uploads/") and "zdj" not in value["file"]
    assert (media / value["file"]).exists()


def test_a_file_of_the_wrong_type_or_disguised_or_too_big_is_refused_and_not_saved(media):
    exe = SimpleUploadedFile("plik.exe", b"MZ" + b"\x00" * 10)
    assert errors(send([FILE], {}, {"q_zdjecie": exe})) == {"q_zdjecie": ["Plik do pytania „Zdjęcie” musi być jednym z: pdf, png."]}
    disguised = SimpleUploadedFile("plik.pdf", b"MZ" + b"\x00" * 10)
    assert "q_zdjecie" in send([FILE], {}, {"q_zdjecie": disguised}).errors
    big = SimpleUploadedFile("duzy.pdf", b"%PDF-" + b"\x00" * (1024 * 1024 + 1))
    assert "1 MB" in errors(send([FILE], {}, {"q_zdjecie": big}))["q_zdjecie"][0]
    assert not list(media.rglob("*.*"))


def test_a_file_attached_on_an_earlier_visit_is_kept():
    kept = {"file": "surveys/uploads/abc.pdf", "name": "a.pdf", "size": 10, "type": "pdf"}
    assert send([FILE], {}, earlier={"zdjecie": kept}).answers == {"zdjecie": kept}


# ------------------------------------------------------------------ conditions and tampering

def test_a_condition_on_an_earlier_page_hides_the_question():
    follow = question("przystanek", "text", page=2, required=True, show_if={"code": "dojazd", "value": "tramwajem"})
    questions = [SINGLE | {"page": 1}, follow]
    assert "q_przystanek" not in send(questions, {}, page=2, earlier={"dojazd": {"choice": "rowerem"}}).fields
    form = send(questions, {}, page=2, earlier={"dojazd": {"choice": "tramwajem"}})
    assert "q_przystanek" in form.errors


def test_a_condition_on_the_same_page_applies_after_sending():
    follow = question("przystanek", "text", required=True, show_if={"code": "dojazd", "value": "tramwajem"})
    form = send([SINGLE, follow], {"q_dojazd": "rowerem", "q_przystanek": "wiata"})
    assert form.is_valid() and form.answers == {"dojazd": {"choice": "rowerem"}}  # not asked: not stored
    form = send([SINGLE, follow], {"q_dojazd": "tramwajem"})
    assert "q_przystanek" in form.errors  # asked and required
    blocks = {block.question["code"]: block for block in form.blocks()}
    assert blocks["przystanek"].condition_text == "Odpowiedz tylko, jeśli w pytaniu „Jak dojeżdżasz?” odpowiedziano „tramwajem”."


def test_a_condition_without_a_value_needs_any_answer():
    follow = question("dlaczego", "text", page=2, show_if={"code": "brakuje"})
    questions = [MULTI, follow]
    assert "q_dlaczego" not in send(questions, {}, page=2, earlier={}).fields
    assert "q_dlaczego" in send(questions, {}, page=2, earlier={"brakuje": {"choices": ["ławek"]}}).fields


FOREIGN = "Formularz zawiera pytanie, którego nie ma na tej stronie ankiety. Odśwież stronę i wypełnij ją ponownie."


@pytest.mark.parametrize("name", ["q_nieistniejace", "q_dojazd_extra", "q_uwagi", "q_ocena_1", "q_ocena"])
def test_an_answer_field_no_question_of_the_page_builds_makes_the_page_invalid(name):
    """A made-up question (or one of another version), a made-up part of a real one, a question of another page or a
    part of one: the page is refused as a whole with a message that belongs to no field, and nothing is taken from it."""
    questions = [SINGLE, question("uwagi", "text", page=2), MATRIX | {"page": 2}]
    form = send(questions, {"q_dojazd": "rowerem", name: "x"})
    assert not form.is_valid()
    assert form.errors == {"__all__": [FOREIGN]} and form.answers == {}
    assert form.error_links() == [("", FOREIGN)]


def test_a_file_sent_under_a_foreign_name_refuses_the_page_and_saves_no_file(media):
    files = {"q_zdjecie": SimpleUploadedFile("a.png", file_bytes("png")), "q_inne": SimpleUploadedFile("b.png", file_bytes("png"))}
    form = send([FILE], {}, files)
    assert form.errors == {"__all__": [FOREIGN]} and form.answers == {}
    assert not list(media.rglob("*.*"))


def test_every_name_the_questions_of_the_page_read_is_accepted(media):
    """"Other" texts, ranking and matrix rows, a place's parts, a file and its "clear" box, a question of this page
    hidden by an earlier answer, and the fields that are not answers (the participation field, the page's hidden ones)."""
    hidden = question("przystanek", "text", page=2, show_if={"code": "dojazd", "value": "tramwajem"})
    questions = [SINGLE, *(q | {"page": 2} for q in (MULTI, RANKING, MATRIX, FILE)), hidden,
                 question("miejsce", "map", page=2), question("wiek", "number", page=2)]
    data = {
        "q_brakuje": ["ławek", "__other__"], "q_brakuje_other": "toalet",
        "q_kolejnosc_0": "1", "q_kolejnosc_1": "2", "q_kolejnosc_2": "3", "q_ocena_0": "źle", "q_ocena_1": "dobrze",
        "q_zdjecie-clear": "", "q_przystanek": "wiata", "q_miejsce_address": "Rynek 1", "q_miejsce_district": "",
        "q_miejsce_lat": "", "q_miejsce_lng": "", "q_wiek": "30",
        "email": "ewa@example.org", "csrfmiddlewaretoken": "x", "attempt": "x", "page": "2", "altcha": "x", "idempotency_key": "x",
    }
    form = SurveyPageForm(data, {"q_zdjecie": SimpleUploadedFile("a.pdf", file_bytes("pdf"))}, page=2, participation="email",
                          version=SurveyVersion(number=1, questions=questions), earlier={"dojazd": {"choice": "rowerem"}})
    assert form.is_valid(), form.errors
    assert set(form.answers) == {"brakuje", "kolejnosc", "ocena", "zdjecie", "miejsce", "wiek"}  # the hidden one not stored
    assert form.cleaned_data["email"] == "ewa@example.org"


# ------------------------------------------------------------------ the settings staff give each type

@pytest.mark.parametrize(("kind", "config", "valid"), [
    ("single", {"choices": ["a", "b"]}, True),
    ("single", {"choices": ["a"]}, False),
    ("single", {"choices": ["a", "a"]}, False),
    ("multiple", {"choices": ["a", "b"], "min": 2, "max": 1}, False),
    ("scale", {"min": 1, "max": 5}, True),
    ("scale", {"min": 5, "max": 1}, False),
    ("ranking", {"choices": "a, b"}, False),
    ("matrix", {"rows": ["r"], "columns": ["a", "b"]}, True),
    ("matrix", {"rows": [], "columns": ["a", "b"]}, False),
    ("text", {"max_length": 0}, False),
    ("number", {"min": "zero"}, False),
    ("date", {"min": "1.1.2026"}, False),
    ("file", {"types": ["pdf"], "max_mb": 5}, True),
    ("file", {"types": ["exe"]}, False),
    ("file", {"types": ["pdf"], "max_mb": 500}, False),
    ("district", {}, True),
    ("map", {}, True),
    ("nonsense", {}, False),
])
def test_type_settings_are_validated(kind, config, valid):
    assert (validate_config(kind, config) == []) is valid


def test_every_type_is_covered_by_these_tests():
    assert set(TYPES) == {"single", "multiple", "scale", "ranking", "matrix", "text", "number", "date", "district", "map", "file"}


def test_text_of_answers_for_search():
    assert answer_text(MULTI, {"choices": ["ławek"], "other": "toalet"}) == "ławek; toalet"
    assert answer_text(RANKING, ["chodnik", "park"]) == "chodnik > park"
    assert answer_text(SINGLE, {"other": "hulajnogą"}) == "hulajnogą"


@pytest.mark.parametrize(("kind", "value", "counted"), [
    ("single", {"choice": "tramwajem"}, ("tramwajem", False, None)),
    ("single", {"other": "hulajnogą"}, ("", True, None)),  # counted as "Other", never under its own text
    ("multiple", {"choices": ["ławki", "żłobek"], "other": "toalety"}, ('["ławki", "żłobek"]', True, None)),
    ("scale", 4, ("4", False, 4.0)),
    ("ranking", ["park", "chodnik"], ('["park", "chodnik"]', False, None)),
    ("matrix", {"czystość": "źle"}, ('{"czystość": "źle"}', False, None)),
    ("text", "Więcej drzew.", ("", False, None)),
    ("number", "12.5", ("", False, 12.5)),
    ("number", 40, ("", False, 40.0)),
    ("date", "2026-05-01", ("", False, None)),
    ("district", {"id": 3, "name": "Prądnik Biały"}, ("Prądnik Biały", False, None)),
    ("map", {"address": "ul. Długa 1", "district": {"id": 3, "name": "Prądnik Biały"}}, ("Prądnik Biały", False, None)),
    ("map", {"address": "ul. Długa 1"}, ("", False, None)),  # counted as "not given"
    ("file", {"file": "surveys/uploads/x.pdf", "name": "x.pdf", "size": 10, "type": "pdf"}, ("", False, None)),
])
def test_what_the_results_count_an_answer_as_is_stored_with_it(kind, value, counted):
    columns = answer_columns(question("q", kind), value)
    assert (columns["category"], columns["other"], columns["number"]) == counted
    assert columns["text"] == answer_text(question("q", kind), value)


def test_stored_text_is_cut_at_its_length_but_the_value_is_not():
    assert len(answer_columns(question("q", "text"), "ż" * 6000)["text"]) == 5000
