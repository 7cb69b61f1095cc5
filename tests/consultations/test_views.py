"""Public document pages (comments, errors, closed documents, abuse reports, constant queries) and staff pages
(partners get 404; coding remarks in bulk; offline remarks; status change with a reason)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import services
from consultations.models import AbuseReport, ModerationMode, ModerationState, Remark, RemarkCategory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def doc_url(document):
    return reverse("consultations:document", args=[document.pk])


def comment_url(document, number=1):
    return reverse("consultations:comment", args=[document.pk, number])


def test_document_shows_numbered_paragraphs_with_anchors(client, document):
    response = client.get(doc_url(document))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="akapit-1"' in html and 'id="akapit-3"' in html
    assert "Skomentuj akapit 2" in html


def test_draft_document_is_not_public(client, document, editor):
    services.set_document_status(document=document, status="draft", user=editor)
    assert client.get(doc_url(document)).status_code == 404


def test_comment_moderated_before_publication_waits(client, document):
    response = client.post(comment_url(document, 2), {"text": "Proszę o więcej drzew."})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "pojawi się na stronie po sprawdzeniu przez moderatora" in page
    remark = Remark.objects.get()
    assert (remark.paragraph.number, remark.moderation, remark.unverified) == (2, "pending", True)
    assert "Proszę o więcej drzew." not in client.get(doc_url(document)).content.decode()


def test_empty_comment_gets_a_polish_error_summary_and_400(client, document):
    response = client.post(comment_url(document), {"text": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_text"' in html and "Napisz swój komentarz." in html
    assert not Remark.objects.exists()


def test_closed_document_says_so(client, document, coordinator):
    services.change_status(consultation=document.consultation, status="closed", reason="Koniec.", user=coordinator)
    assert "Komentowanie tego dokumentu jest zakończone" in client.get(doc_url(document)).content.decode()
    response = client.post(comment_url(document), {"text": "Spóźniona uwaga."})
    assert response.status_code == 400
    assert not Remark.objects.exists()


def _published_comments(document, count):
    document.moderation = ModerationMode.AFTER
    document.save()
    for n in range(count):
        paragraph = document.paragraphs.get(number=n % 3 + 1)
        paragraph.document = document
        services.comment_on_paragraph(paragraph=paragraph, text=f"Komentarz {n}", author_name="", proof_fingerprint=None)


def test_document_page_costs_the_same_with_more_comments(client, document):
    _published_comments(document, 2)
    client.get(doc_url(document))
    with CaptureQueriesContext(connection) as few:
        client.get(doc_url(document))
    _published_comments(document, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(doc_url(document))
    assert "32 opublikowane komentarze" in response.content.decode() or "32 opublikowanych komentarzy" in response.content.decode()
    assert len(many) == len(few) <= 15


def test_report_abuse_twice_from_one_client_counts_once(client, document):
    _published_comments(document, 1)
    remark = Remark.objects.get()
    url = reverse("consultations:report", args=[remark.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Wulgaryzmy."}).status_code == 302
    assert client.post(url, {"reason": "Wulgaryzmy!"}).status_code == 302
    assert AbuseReport.objects.count() == 1


# ---------------------------------------------------------------------------------------------- staff


def announcement(html: str) -> dict[str, str]:
    """The announcement's facts on a consultation's page: label → value as drawn."""
    import re

    section = re.search(r'<section aria-labelledby="announcement-title">.*?</section>', html, re.S)
    assert section, "no announcement on the page"
    assert "<h2 id=\"announcement-title\">Ogłoszenie o konsultacjach</h2>" in section.group(0)
    return {dt.strip(): dd.strip() for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section.group(0), re.S)}


def test_the_consultation_page_shows_the_whole_announcement(client, site_tree):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from tests.factories import ConsultationFactory

    consultation = ConsultationFactory(
        title="Konsultacje parku Zakrzówek", aim="Zbieramy opinie o zagospodarowaniu parku.",
        legal_basis="Art. 5a ustawy o samorządzie gminnym;\nuchwała nr CXI/2904/18.", organiser="Zarząd Zieleni Miejskiej",
        organiser_contact="tel. 12 616 00 00\nkonsultacje@zzm.krakow.pl", consultation_forms=["open_meeting", "survey"],
        how_to_submit="Przez ankietę na stronie, e-mailem albo listem na adres ZZM.",
        submissions_until=dt.datetime(2026, 12, 15, 15, 0, tzinfo=ZoneInfo("Europe/Warsaw")),
        accessibility_info="Sala bez progów; tłumacz PJM na prośbę zgłoszoną 3 dni wcześniej.",
        privacy_clause="Administratorem danych jest Zarząd Zieleni Miejskiej.",
    )
    facts = announcement(client.get(consultation.url).content.decode())
    assert facts == {
        "Przedmiot i cel konsultacji": "Zbieramy opinie o zagospodarowaniu parku.",
        "Podstawa prawna": "Art. 5a ustawy o samorządzie gminnym;<br>uchwała nr CXI/2904/18.",
        "Organizator": "Zarząd Zieleni Miejskiej",
        "Kontakt do organizatora": "tel. 12 616 00 00<br>konsultacje@zzm.krakow.pl",
        "Formy konsultacji": '<ul class="plain-list"><li>Otwarte spotkanie</li><li>Ankieta online</li></ul>',
        "Jak zgłaszać uwagi": "Przez ankietę na stronie, e-mailem albo listem na adres ZZM.",
        "Uwagi przyjmujemy do": '<time datetime="2026-12-15T15:00:00+01:00">15 grudnia 2026, 15:00</time>',
        "Informacja o dostępności": "Sala bez progów; tłumacz PJM na prośbę zgłoszoną 3 dni wcześniej.",
        "Klauzula informacyjna RODO": "Administratorem danych jest Zarząd Zieleni Miejskiej.",
    }

    plain = ConsultationFactory(title="Konsultacje bez własnej klauzuli", privacy_clause="")
    assert announcement(client.get(plain.url).content.decode())["Klauzula informacyjna RODO"].startswith(
        "Administratorem danych osobowych jest Prezydent Miasta Krakowa")


def test_partners_and_authors_see_no_remarks(client, consultation, site_tree):
    for role in ["Partner", "Autor"]:
        client.force_login(UserFactory(username=f"u-{role}", groups=[role]))
        assert client.get(reverse("consultations_admin:remarks", args=[consultation.pk])).status_code == 404
        assert client.get(reverse("consultations_admin:moderation")).status_code == 404


def test_staff_code_and_decide_remarks_in_bulk(client, consultation, editor, document):
    client.force_login(editor)
    for n in range(3):
        services.register_remark(consultation=consultation, text=f"List {n}", source="letter", received_on="2026-11-20",
                                 author_type="resident", user=editor)
    ids = list(Remark.objects.values_list("pk", flat=True))
    url = reverse("consultations_admin:remarks", args=[consultation.pk])
    response = client.post(url, {"remarks": ids[:2], "action": "assign_category", "new_category": "Zieleń"})
    assert response["Location"] == url
    category = RemarkCategory.objects.get(name="Zieleń")
    assert category.remarks.count() == 2
    assert client.post(url, {"remarks": ids, "action": "decide", "decision": "taken", "justification": ""}).status_code == 400
    assert client.post(url, {"remarks": ids, "action": "decide", "decision": "taken", "justification": "Uwzględniono."}).status_code == 302
    assert set(Remark.objects.values_list("decision", flat=True)) == {"taken"}
    listing = client.get(url, {"category": category.pk})
    assert listing.status_code == 200 and listing.content.decode().count('name="remarks"') == 2


def test_staff_decide_on_one_remark_and_merge_a_duplicate_into_another(client, consultation, editor, coordinator):
    from wagtail.models import ModelLogEntry

    def letter(text):
        return services.register_remark(consultation=consultation, text=text, source="letter", received_on="2026-11-20",
                                        author_type="resident", user=editor)

    kept, repeat = letter("Więcej ławek w parku Jordana."), letter("Prosimy o ławki w parku Jordana.")
    url, repeat_url = (reverse("consultations_admin:remark", args=[remark.pk]) for remark in (kept, repeat))
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200 and "Więcej ławek w parku Jordana." in page.content.decode()

    refused = client.post(url, {"form": "decision", "decision": "taken", "justification": "  "})
    assert refused.status_code == 400 and "To pole jest wymagane." in refused.content.decode()
    kept.refresh_from_db()
    assert (kept.decision, kept.justification, kept.decided_at) == ("", "", None)

    decided = client.post(url, {"form": "decision", "decision": "partly", "justification": "Ławki staną przy alejce głównej."}, follow=True)
    assert decided.redirect_chain == [(url, 302)] and "Rozstrzygnięcie jest zapisane." in decided.content.decode()
    kept.refresh_from_db()
    assert (kept.decision, kept.justification, kept.decided_by) == ("partly", "Ławki staną przy alejce głównej.", editor)
    assert ModelLogEntry.objects.filter(action="consultations.remark_decided", object_id=str(kept.pk)).count() == 1

    client.force_login(coordinator)
    assert client.post(repeat_url, {"form": "merge", "keep": repeat.pk}).status_code == 400  # not into itself
    merged = client.post(repeat_url, {"form": "merge", "keep": kept.pk}, follow=True)
    assert merged.redirect_chain == [(repeat_url, 302)]
    assert f"Uwaga jest połączona z uwagą nr {kept.pk}." in merged.content.decode()
    assert f"Ta uwaga jest połączona z uwagą nr {kept.pk}, która ma rozstrzygnięcie." in merged.content.decode()
    repeat.refresh_from_db()
    assert repeat.merged_into == kept and repeat.decision == ""
    assert f'href="{repeat_url}"' in client.get(url).content.decode()  # the kept remark lists it as merged into it
    assert ModelLogEntry.objects.filter(action="consultations.remark_merged", object_id=str(repeat.pk)).count() == 1


def test_staff_list_costs_the_same_with_more_remarks(client, consultation, editor):
    client.force_login(editor)
    url = reverse("consultations_admin:remarks", args=[consultation.pk])

    def add(count):
        for n in range(count):
            services.register_remark(consultation=consultation, text=f"Uwaga {n}", source="email", received_on="2026-11-20",
                                     author_type="resident", user=editor)

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(20)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_staff_register_an_offline_remark_with_an_attachment(client, consultation, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    url = reverse("consultations_admin:new_remark", args=[consultation.pk])
    assert client.post(url, {"text": "", "source": "letter"}).status_code == 400
    response = client.post(url, {
        "text": "Opinia rady dzielnicy.", "source": "district_council", "received_on": "2026-11-20",
        "author_type": "district_council", "files": [SimpleUploadedFile("opinia.pdf", b"%PDF-1.4 test")],
    })
    assert response["Location"] == reverse("consultations_admin:remarks", args=[consultation.pk])
    remark = Remark.objects.get()
    assert [document.title for document in remark.attachments.all()] == ["opinia.pdf"]


def test_moderation_queue_approves(client, document, editor):
    client.force_login(editor)
    paragraph = document.paragraphs.get(number=1)
    paragraph.document = document
    remark = services.comment_on_paragraph(paragraph=paragraph, text="Do sprawdzenia.", author_name="", proof_fingerprint=None)
    assert "Do sprawdzenia." in client.get(reverse("consultations_admin:moderation")).content.decode()
    client.post(reverse("consultations_admin:moderate", args=[remark.pk]), {"action": "approve"})
    remark.refresh_from_db()
    assert remark.moderation == ModerationState.PUBLISHED


def test_status_form_requires_a_reason(client, consultation, coordinator):
    client.force_login(coordinator)
    url = reverse("consultations_admin:status", args=[consultation.pk])
    assert client.post(url, {"status": "closed", "reason": ""}).status_code == 400
    response = client.post(url, {"status": "closed", "reason": "Decyzja prezydenta."})
    assert response["Location"] == reverse("consultations_admin:remarks", args=[consultation.pk])
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_staff_create_split_and_edit_a_document(client, consultation, editor):
    client.force_login(editor)
    url = reverse("consultations_admin:new_document", args=[consultation.pk])
    assert client.post(url, {"consultation": consultation.pk, "title": "Projekt", "text": "", "moderation": "before"}).status_code == 400
    response = client.post(url, {
        "consultation": consultation.pk, "title": "Projekt", "intro": "", "moderation": "after",
        "text": "§ 1\nPierwszy.\n\n§ 2\nDrugi.",
    })
    assert response.status_code == 302
    document = consultation.documents.get()
    assert (document.status, document.paragraphs.count()) == ("draft", 2)
    edit = reverse("consultations_admin:edit_document", args=[document.pk])
    assert client.post(edit, {"title": "Projekt uchwały", "moderation": "before"}).status_code == 302
    client.post(reverse("consultations_admin:document_status", args=[document.pk]), {"status": "published"})
    document.refresh_from_db()
    assert (document.title, document.moderation, document.status) == ("Projekt uchwały", "before", "published")
