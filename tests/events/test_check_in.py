"""Check-in at the event (search by name, the QR code's address), attendance statistics and the participants' XLSX."""

import datetime as dt
import io
from email.message import MIMEPart

import pytest
import segno
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import emails, selectors, services
from events.models import Registration, RegistrationStatus
from tests.factories import DistrictFactory, EventFactory, UserFactory

from .factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(site_tree):
    return UserFactory(username="redaktorka", groups=["Redaktor"])


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def post(client, url, data):
    """POST, then follow the redirect as a browser does, so the messages are shown (and used up) once."""
    response = client.post(url, data)
    if response.status_code == 302:
        client.get(response["Location"])
    return response


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


# ------------------------------------------------------------------------------------------ services


def test_check_in_marks_a_confirmed_person_once(event, staff):
    registration = RegistrationFactory(event=event)
    moment = timezone.now().replace(microsecond=0)
    first = services.check_in(registration=registration, user=staff, now=moment)
    assert first.changed
    second = services.check_in(registration=registration, user=UserFactory(username="inna"), now=moment + dt.timedelta(hours=1))
    assert not second.changed
    registration.refresh_from_db()
    assert (registration.checked_in_at, registration.checked_in_by) == (moment, staff)  # the first check-in stays


@pytest.mark.parametrize(
    "status", [RegistrationStatus.WAITING, RegistrationStatus.OFFERED, RegistrationStatus.PENDING,
               RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED],
)
def test_only_confirmed_registrations_can_be_checked_in(event, staff, status):
    registration = RegistrationFactory(event=event, status=status)
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.check_in(registration=registration, user=staff)
    assert refusal.value.code == "not_confirmed"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_undo_check_in(event, staff):
    registration = RegistrationFactory(event=event)
    services.check_in(registration=registration, user=staff)
    assert services.undo_check_in(registration=registration, user=staff).changed
    registration.refresh_from_db()
    assert registration.checked_in_at is None and registration.checked_in_by is None
    assert not services.undo_check_in(registration=registration, user=staff).changed


def test_deleting_the_staff_account_keeps_the_check_in(event):
    user = UserFactory(username="do-usuniecia")
    registration = RegistrationFactory(event=event)
    services.check_in(registration=registration, user=user)
    user.delete()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by is None


# ------------------------------------------------------------------------------------------ selectors


def test_search_ignores_case_and_polish_letters(event):
    lukasz = RegistrationFactory(event=event, full_name="Łukasz Żółkiewski")
    RegistrationFactory(event=event, full_name="Anna Nowak")
    RegistrationFactory(event=event, full_name="Łukasz Wait", status=RegistrationStatus.WAITING)
    for query in ("lukasz", "ŁUKASZ", "łukasz żółk", "zolkiewski", "  Lukasz   ZOLK "):
        assert selectors.check_in_candidates(event, query) == [lukasz], query
    assert selectors.check_in_candidates(event, "kowalski") == []
    assert [r.full_name for r in selectors.check_in_candidates(event, "")] == ["Anna Nowak", "Łukasz Żółkiewski"]


def test_attendance_counts(site_tree):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1))
    RegistrationSettingsFactory(event=event, capacity=10)
    confirmed = RegistrationFactory.create_batch(4, event=event)
    for registration in confirmed[:3]:
        Registration.objects.filter(pk=registration.pk).update(checked_in_at=timezone.now())
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, checked_in_at=timezone.now())  # not counted as attended
    RegistrationFactory(event=event, status=RegistrationStatus.EXPIRED)
    counts = selectors.attendance(event)
    assert (counts.registered, counts.attended, counts.no_shows, counts.waiting, counts.cancelled) == (4, 3, 1, 2, 1)


def test_no_shows_are_unknown_before_the_event_ends(event):
    RegistrationFactory.create_batch(2, event=event)
    counts = selectors.attendance(event)
    assert counts.registered == 2 and counts.no_shows is None and not counts.ended
    later = event.ends_at + dt.timedelta(minutes=1)
    assert selectors.attendance(event, now=later).no_shows == 2


def test_attendance_by_district_counts_ended_events_where_they_took_place(site_tree):
    past = timezone.now() - dt.timedelta(days=2)
    podgorze, krowodrza = DistrictFactory(name="Podgórze"), DistrictFactory(name="Krowodrza")
    both = EventFactory(starts_at=past, districts=[podgorze, krowodrza])
    one = EventFactory(starts_at=past, districts=[podgorze])
    future = EventFactory(districts=[krowodrza])
    RegistrationFactory(event=both, checked_in_at=past)
    RegistrationFactory(event=one)
    RegistrationFactory(event=future)
    result = dict(selectors.attendance_by_district(EventFactory._meta.model.objects.all()))
    assert (result["Podgórze"].registered, result["Podgórze"].attended, result["Podgórze"].no_shows) == (2, 1, 1)
    assert (result["Krowodrza"].registered, result["Krowodrza"].attended, result["Krowodrza"].no_shows) == (1, 1, 0)


def test_check_in_code_is_not_the_personal_token_and_cannot_be_forged(event):
    registration = RegistrationFactory(event=event)
    other = RegistrationFactory(event=event)
    code = registration.check_in_code
    assert registration.token not in code
    assert selectors.registration_by_check_in_code(code) == registration
    pk, digest = code.split("-")
    assert selectors.registration_by_check_in_code(f"{other.pk}-{digest}") is None
    assert selectors.registration_by_check_in_code(f"{pk}-{'0' * len(digest)}") is None
    assert selectors.registration_by_check_in_code("abc") is None


# ------------------------------------------------------------------------------------------ pages


def test_check_in_page_searches_without_diacritics(staff_client, event, compiled_translations):
    RegistrationFactory(event=event, full_name="Łukasz Żółkiewski")
    RegistrationFactory(event=event, full_name="Anna Nowak")
    response = staff_client.get(reverse("events_admin:check_in", args=[event.pk]), {"q": "lukasz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Łukasz Żółkiewski" in html and "Anna Nowak" not in html
    assert "Obecny/Obecna" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_check_in_button_returns_to_the_same_search_with_a_message(staff_client, staff, event, compiled_translations):
    registration = RegistrationFactory(event=event, full_name="Łukasz Żółkiewski")
    url = reverse("events_admin:check_in_person", args=[event.pk, registration.pk])
    response = post(staff_client, url, {"action": "check_in", "q": "łukasz"})
    assert response.status_code == 302
    assert response["Location"] == reverse("events_admin:check_in", args=[event.pk]) + f"?q=%C5%82ukasz#registration-{registration.pk}"
    assert messages_of(response) == ["Potwierdzono obecność: Łukasz Żółkiewski."]
    registration.refresh_from_db()
    assert registration.checked_in_by == staff
    page = staff_client.get(response["Location"]).content.decode()
    assert "Obecność potwierdzona o" in page and "Cofnij" in page

    again = post(staff_client, url, {"action": "check_in", "q": "łukasz"})
    [message] = messages_of(again)
    assert message.startswith("Obecność osoby Łukasz Żółkiewski była już potwierdzona o ") and "Nic nie zmieniono" in message

    undone = post(staff_client, url, {"action": "undo", "q": ""})
    assert messages_of(undone) == ["Cofnięto obecność: Łukasz Żółkiewski."]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_button_refuses_a_person_without_a_confirmed_place(staff_client, event, compiled_translations):
    registration = RegistrationFactory(event=event, full_name="Ewa Czekająca", status=RegistrationStatus.WAITING)
    response = staff_client.post(reverse("events_admin:check_in_person", args=[event.pk, registration.pk]), {"action": "check_in"})
    assert messages_of(response) == ["Ewa Czekająca: Obecność można potwierdzić tylko osobom z potwierdzonym miejscem."]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_button_needs_post_and_the_right_event(staff_client, event, site_tree):
    registration = RegistrationFactory(event=event)
    other_event = EventFactory()
    assert staff_client.get(reverse("events_admin:check_in_person", args=[event.pk, registration.pk])).status_code == 405
    wrong = staff_client.post(reverse("events_admin:check_in_person", args=[other_event.pk, registration.pk]), {"action": "check_in"})
    assert wrong.status_code == 404


def test_qr_address_shows_the_person_and_checks_in_on_post(staff_client, staff, event, compiled_translations):
    registration = RegistrationFactory(event=event, full_name="Zofia Wiśniewska")
    url = reverse("events_admin:check_in_code", args=[registration.check_in_code])
    assert url == f"/admin/zapisy/obecnosc/{registration.check_in_code}/"
    page = staff_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Zofia Wiśniewska" in html and event.title in html and "Obecny/Obecna" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # GET only shows
    response = staff_client.post(url, {"action": "check_in"})
    assert response.status_code == 302 and response["Location"] == url
    assert messages_of(response) == ["Potwierdzono obecność: Zofia Wiśniewska."]
    registration.refresh_from_db()
    assert registration.checked_in_by == staff
    assert "Cofnij" in staff_client.get(url).content.decode()


def test_qr_address_of_a_cancelled_registration_has_no_button(staff_client, event, compiled_translations):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    url = reverse("events_admin:check_in_code", args=[registration.check_in_code])
    html = staff_client.get(url).content.decode()
    assert "Obecny/Obecna" not in html and "tylko osobom z potwierdzonym miejscem" in html
    staff_client.post(url, {"action": "check_in"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_qr_address_requires_a_login_and_a_valid_code(client, event, staff_client):
    registration = RegistrationFactory(event=event)
    assert staff_client.get(reverse("events_admin:check_in_code", args=[registration.token])).status_code == 404
    assert staff_client.get(reverse("events_admin:check_in_code", args=[f"{registration.pk}-x"])).status_code == 404
    staff_client.logout()
    response = staff_client.get(reverse("events_admin:check_in_code", args=[registration.check_in_code]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_partners_get_404_on_every_new_page(client, event, site_tree):
    registration = RegistrationFactory(event=event)
    client.force_login(UserFactory(username="partnerka", groups=["Partner"]))
    gets = [
        reverse("events_admin:check_in", args=[event.pk]),
        reverse("events_admin:check_in_code", args=[registration.check_in_code]),
        reverse("events_admin:participants_xlsx", args=[event.pk]),
    ]
    posts = [
        reverse("events_admin:check_in_person", args=[event.pk, registration.pk]),
        reverse("events_admin:check_in_code", args=[registration.check_in_code]),
    ]
    assert [client.get(url).status_code for url in gets] == [404, 404, 404]
    assert [client.post(url, {"action": "check_in"}).status_code for url in posts] == [404, 404]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_registrations_page_shows_attendance_and_links(staff_client, event, compiled_translations):
    RegistrationFactory.create_batch(2, event=event)
    response = staff_client.get(reverse("events_admin:registrations", args=[event.pk]))
    html = response.content.decode()
    assert response.context["attendance"].registered == 2
    assert reverse("events_admin:check_in", args=[event.pk]) in html
    assert reverse("events_admin:participants_xlsx", args=[event.pk]) in html
    assert "Frekwencja" in html and "po wydarzeniu" in html


# ------------------------------------------------------------------------------------------ XLSX


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_participants_xlsx_without_needs(staff_client, event, staff, compiled_translations):
    first = RegistrationFactory(event=event, full_name="Łukasz Żółkiewski", email="lukasz@example.org")
    RegistrationFactory(event=event, full_name="Ewa Lista", email="ewa@example.org", status=RegistrationStatus.WAITING)
    services.check_in(registration=first, user=staff)
    response = staff_client.get(reverse("events_admin:participants_xlsx", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    workbook = _workbook(response)
    sheet = workbook["Uczestnicy"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Imię i nazwisko", "Adres e-mail", "Status", "Data zapisu", "Obecność potwierdzona", "Dzielnica zamieszkania")
    assert rows[1][:3] == ("Łukasz Żółkiewski", "lukasz@example.org", "potwierdzony")
    assert isinstance(rows[1][3], dt.datetime) and isinstance(rows[1][4], dt.datetime)
    assert rows[2][:3] == ("Ewa Lista", "ewa@example.org", "na liście rezerwowej") and rows[2][4] is None
    assert len(rows) == 3
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 20
    summary = {row[0]: row[1] for row in workbook["Podsumowanie"].iter_rows(values_only=True) if row and row[0]}
    assert (summary["Zapisani (potwierdzeni)"], summary["Obecni"], summary["Lista rezerwowa"]) == (1, 1, 1)


def test_participants_xlsx_has_needs_per_person_only_while_retained(staff_client, event, sign_up, compiled_translations):
    sign_up(event, "a@example.org", full_name="Adam Potrzebny", needs=["pjm"], needs_consent=True)
    response = staff_client.get(reverse("events_admin:participants_xlsx", args=[event.pk]))
    sheet = _workbook(response)["Uczestnicy"]
    header = [cell.value for cell in sheet[1]]
    assert "art. 9 RODO" in header[-1]
    assert sheet.cell(row=1, column=len(header)).comment is not None
    assert "tłumacz" in sheet.cell(row=2, column=len(header)).value.lower()

    services.purge_needs(now=event.ends_at + dt.timedelta(days=365))
    response = staff_client.get(reverse("events_admin:participants_xlsx", args=[event.pk]))
    header = [cell.value for cell in _workbook(response)["Uczestnicy"][1]]
    assert len(header) == 6 and not any("RODO" in text for text in header)


# ------------------------------------------------------------------------------------------ e-mail


def test_confirmation_has_a_qr_code_of_the_check_in_address(event, sign_up, compiled_translations):
    registration = sign_up(event, "zofia@example.org", full_name="Zofia Wiśniewska").registration
    message = mail.outbox[0]
    url = f"http://127.0.0.1:8000/admin/zapisy/obecnosc/{registration.check_in_code}/"
    assert url in message.body
    html = message.alternatives[0].content
    assert f'src="cid:{emails.QR_CONTENT_ID}"' in html and "<img" in html
    [part] = [attachment for attachment in message.attachments if isinstance(attachment, MIMEPart)]
    assert part.get_content_type() == "image/png" and part["Content-ID"] == f"<{emails.QR_CONTENT_ID}>"
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="png", scale=emails.QR_SCALE, border=4)
    assert part.get_content() == expected.getvalue()  # the image encodes exactly this address
    # The QR carries the check-in code only: neither the name, nor the address, nor the cancelling token.
    assert registration.token not in url and "zofia" not in url.lower()
    assert "image/png" in message.message().as_string()


def test_waiting_list_notice_has_no_qr_code(event, sign_up):
    for n in range(3):
        sign_up(event, f"{n}@example.org")
    waiting = mail.outbox[2]
    assert "obecnosc" not in waiting.body and "cid:" not in waiting.alternatives[0].content
    assert waiting.attachments == []
