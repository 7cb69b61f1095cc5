"""The public results page (404, empty, populated, filters, bad input, constant queries, downloads) and the staff pages
(who sees, edits and publishes)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import surveys.results
from consultations import services as consultation_services
from consultations.models import Decision, ModerationState, Remark
from reports import selectors
from reports.models import ConsultationReport, PublishedReport
from surveys.models import Survey
from tests.surveys.conftest import make_survey, question, respond

from .conftest import JUSTIFICATION_NOT, JUSTIFICATION_TAKEN, add_remark, closed_consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def url(consultation, query: str = "") -> str:
    return f"/wyniki/{consultation.slug}/{query}"


# ---------------------------------------------------------------------------------------------- public


def test_unpublished_or_unknown_consultations_are_404(client, districts):
    draft = closed_consultation(title="Niepublikowane", publish=False)
    assert client.get(url(draft)).status_code == 404
    assert client.get(f"/wyniki/{draft.pk}/").status_code == 404
    assert client.get("/wyniki/nie-ma-takich/").status_code == 404
    assert client.get("/wyniki/%C2%B2/").status_code == 404  # a digit to str.isdigit, not a number to int()
    assert client.get(f"/wyniki/{draft.slug}/raport.pdf").status_code == 404
    assert client.get(f"/wyniki/{draft.slug}/raport-v1.pdf").status_code == 404


def test_before_the_end_the_page_says_so_and_shows_nothing_else(client, districts):
    running = closed_consultation(title="Trwające konsultacje", status="open", ended_days_ago=-5)
    add_remark(running, "Uwaga w trakcie.", decision=Decision.TAKEN_INTO_ACCOUNT, justification="Tak.")
    response = client.get(url(running))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Konsultacje jeszcze trwają, więc nie ma wyników do pokazania." in html
    assert "Uwaga w trakcie." not in html and "Udział w liczbach" not in html


def test_closed_without_a_report_shows_numbers_and_when_the_report_is_due(client, consultation, remarks):
    response = client.get(f"/wyniki/{consultation.pk}/")  # by id works as well as by slug
    html = response.content.decode()
    assert response.status_code == 200
    assert "Udział w liczbach" in html and "Przygotowujemy raport." in html
    assert "W tych konsultacjach nie prowadzono ankiety." in html
    assert JUSTIFICATION_TAKEN not in html  # decisions come with the published report
    assert client.get(url(consultation, "raport.pdf")).status_code == 404


def test_after_publication_the_decisions_and_the_files_are_shown(client, consultation, remarks, coordinator, publish):
    publish(consultation, coordinator)
    response = client.get(url(consultation))
    html = response.content.decode()
    assert response.status_code == 200
    taken, refused, duplicate, undecided = remarks
    assert taken.text in html and JUSTIFICATION_TAKEN in html and refused.text in html and JUSTIFICATION_NOT in html
    assert undecided.text not in html and duplicate.text not in html  # no decision of its own: counted, not listed
    assert "Jeszcze 1 uwaga mówiła to samo i ma tę samą decyzję." in html
    assert "Jan Prywatny" not in html
    publication = PublishedReport.objects.get()
    assert url(consultation, "raport-v1.pdf") in html and url(consultation, "raport-v1.docx") in html and "Raport (PDF," in html
    assert "pochodzą z wersji 1 raportu" in html
    download = client.get(url(consultation, "raport-v1.pdf"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="raport-{consultation.slug}-wersja-1.pdf"'
    assert b"".join(download.streaming_content) == publication.pdf.open("rb").read()
    docx = client.get(url(consultation, "raport-v1.docx"))
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx["Content-Disposition"] == f'attachment; filename="raport-{consultation.slug}-wersja-1.docx"'
    assert client.get(url(consultation, "raport-v1.exe")).status_code == 404
    assert client.get(url(consultation, "raport-v2.pdf")).status_code == 404  # not published (yet)


def test_published_files_have_secret_names_and_are_cached_for_an_hour_then_revalidated(client, consultation, remarks, coordinator,
                                                                                       publish):
    publication, _created = publish(consultation, coordinator)
    again, _created = publish(closed_consultation(title="Drugie konsultacje"), coordinator)
    names = [publication.pdf.name, publication.docx.name, again.pdf.name]
    assert all(name.startswith("raporty/") for name in names)
    assert not any(consultation.slug in name or f"/{consultation.pk}/" in name for name in names)  # nothing to guess from
    assert len({name.split("/")[1] for name in names}) == 3 and all(len(name.split("/")[1]) >= 40 for name in names)
    assert url(consultation) not in publication.pdf.url  # the media address is not the public one
    download = client.get(url(consultation, "raport-v1.pdf"))
    cache = {part.strip() for part in download["Cache-Control"].split(",")}
    assert {"public", "max-age=3600"} <= cache and "immutable" not in cache  # a withdrawn file must stop being served
    assert download["ETag"] and download["Last-Modified"]
    assert client.get(url(consultation, "raport-v1.pdf"), headers={"if-none-match": download["ETag"]}).status_code == 304
    latest = client.get(url(consultation, "raport.pdf"))  # "the report" as such: the latest version, not cached
    assert latest.status_code == 302 and latest["Location"] == url(consultation, "raport-v1.pdf")
    assert "immutable" not in latest.get("Cache-Control", "")


def test_files_of_an_unpublished_page_or_another_consultation_are_not_served(client, consultation, remarks, coordinator, publish):
    publish(consultation, coordinator)
    other = closed_consultation(title="Inne konsultacje")
    assert client.get(url(other, "raport-v1.pdf")).status_code == 404
    consultation.unpublish()
    assert client.get(url(consultation, "raport-v1.pdf")).status_code == 404


def test_the_page_shows_the_published_version_until_the_next_one_is_published(client, consultation, remarks, coordinator, publish):
    taken, *_rest = remarks
    publish(consultation, coordinator)
    consultation_services.decide(remarks=[taken], decision=Decision.PARTLY, justification="Nowe uzasadnienie po publikacji.", user=None)
    late = add_remark(consultation, "Uwaga dopisana po raporcie.", decision=Decision.NOT_TAKEN, justification="Za późno.")
    html = client.get(url(consultation)).content.decode()
    assert JUSTIFICATION_TAKEN in html and "Nowe uzasadnienie po publikacji." not in html
    assert late.text not in html
    assert client.get(url(consultation, "?decyzja=partly")).content.decode().count('class="decision"') == 0

    second, created = publish(consultation, coordinator)  # only the decisions changed: still a new version
    assert created and second.number == 2
    html = client.get(url(consultation)).content.decode()
    assert "Nowe uzasadnienie po publikacji." in html and JUSTIFICATION_TAKEN not in html and late.text in html
    assert url(consultation, "raport-v2.pdf") in html
    assert client.get(url(consultation, "raport-v1.pdf")).status_code == 200  # the earlier version stays available
    assert publish(consultation, coordinator) == (second, False)  # nothing changed since: nothing new


def test_a_remark_withdrawn_by_moderation_after_publication_leaves_the_page_at_once(client, consultation, remarks, coordinator,
                                                                                   publish):
    taken, refused, *_rest = remarks
    publish(consultation, coordinator)
    Remark.objects.filter(pk=taken.pk).update(moderation=ModerationState.HIDDEN)  # e.g. it named a private person
    html = client.get(url(consultation)).content.decode()
    assert taken.text not in html and JUSTIFICATION_TAKEN not in html
    assert refused.text in html and JUSTIFICATION_NOT in html


def test_a_version_published_before_snapshots_says_its_figures_are_live(client, consultation, remarks, coordinator, publish):
    taken, *_rest = remarks
    publish(consultation, coordinator)
    PublishedReport.objects.update(snapshot={})
    consultation_services.decide(remarks=[taken], decision=Decision.PARTLY, justification="Nowe uzasadnienie po publikacji.", user=None)
    html = client.get(url(consultation)).content.decode()
    assert "liczby i decyzje poniżej są bieżące" in html and "Nowe uzasadnienie po publikacji." in html


def test_ukrainian_results_page(client, consultation, remarks, coordinator, publish):
    publish(consultation, coordinator)
    html = client.get(f"/uk{url(consultation)}").content.decode()
    assert "Участь у цифрах" in html and "Ви сказали, ми зробили" in html and "Обґрунтування" in html
    assert "Udział w liczbach" not in html and "Uzasadnienie" not in html
    assert JUSTIFICATION_TAKEN in html  # what people wrote stays as written


def test_survey_labels_on_the_results_page_are_in_the_readers_language(client, consultation, remarks, coordinator, publish):
    survey = make_survey([question("dojazd", "single", config={"choices": ["tramwajem"], "other": True}, text="Jak dojeżdżasz?")])
    for answer in ({"choice": "tramwajem"}, {"other": "hulajnogą"}):
        respond(survey, {"dojazd": answer})
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    publish(consultation, coordinator)
    polish, english, ukrainian = (client.get(f"{prefix}{url(consultation)}").content.decode() for prefix in ("", "/en", "/uk"))
    assert ">Inne<" in polish and ">Other<" in english and ">Інше<" in ukrainian  # the "other" answers' bar
    assert ">Inne<" not in ukrainian and ">Other<" not in ukrainian
    assert ">tramwajem<" in ukrainian  # what the survey offered stays as written


def survey_with_labels_of_dialog(consultation) -> Survey:
    """A closed survey of the consultation whose results have "Other", "not given" and mean-place labels."""
    survey = make_survey([
        question("dojazd", "single", config={"choices": ["tramwajem"], "other": True}, text="Jak dojeżdżasz?"),
        question("miejsce", "map", text="Gdzie brakuje ławki?"),
        question("priorytety", "ranking", config={"choices": ["ławki", "drzewa"]}, text="Co najpierw?"),
    ])
    respond(survey, {"dojazd": {"choice": "tramwajem"}, "miejsce": {"address": "Rynek 1"}, "priorytety": ["drzewa", "ławki"]})
    respond(survey, {"dojazd": {"other": "hulajnogą"}}, source="paper")
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    return survey


def shown_numbers(publication, language: str) -> list:
    with translation.override(language):
        results = selectors.published_results(publication)
    return [
        (survey.responses, [(row.count, row.share) for row in survey.by_source + survey.by_district],
         [(question.answered, [(row.count, row.share) for row in question.rows]) for question in survey.questions])
        for survey in results.surveys
    ]


def test_every_language_shows_the_numbers_counted_once_at_publication(client, consultation, remarks, coordinator, publish,
                                                                        monkeypatch):
    """A response arriving while the version is published is in none of its languages: the results are counted once,
    and the English and Ukrainian pages word Dialog's labels over those counts."""
    survey = survey_with_labels_of_dialog(consultation)
    count = surveys.results.consultation_results
    calls = []

    def count_then_a_response_arrives(page):
        calls.append(page)
        found = count(page)
        respond(survey, {"dojazd": {"choice": "tramwajem"}, "miejsce": {"address": "Długa 2"}})
        return found

    monkeypatch.setattr(surveys.results, "consultation_results", count_then_a_response_arrives)
    publication, created = publish(consultation, coordinator)
    assert created and len(calls) == 1
    polish = shown_numbers(publication, "pl")
    assert polish[0][0] == 2 and count(consultation)[0].responses == 3  # the late response is not in the version
    assert shown_numbers(publication, "en") == polish and shown_numbers(publication, "uk") == polish
    english = client.get(f"/en{url(consultation)}").content.decode()
    assert ">Other<" in english and ">not given<" in english and "drzewa (mean place 1.0)" in english
    assert ">Inne<" not in english and "nie podano" not in english and "średnie miejsce" not in english
    assert ">tramwajem<" in english and "online, open" in english
    ukrainian = client.get(f"/uk{url(consultation)}").content.decode()
    assert ">Інше<" in ukrainian and ">не вказано<" in ukrainian and "drzewa (середнє місце 1,0)" in ukrainian
    assert "онлайн, відкрите" in ukrainian and "online, open" not in ukrainian


def test_a_snapshot_stored_before_label_terms_keeps_its_labels_and_is_not_published_again(client, consultation, remarks,
                                                                                         coordinator, publish):
    """Versions published before the rows carried terms kept results counted per language (`surveys_in`)."""
    survey_with_labels_of_dialog(consultation)
    publication, _created = publish(consultation, coordinator)
    stored = publication.snapshot

    def without_terms(surveys, other: str):
        def rows(found):
            return [{"label": other if row["term"] == ["other"] else row["label"], "count": row["count"], "share": row["share"]}
                    for row in found]

        return [{**survey, "by_source": rows(survey["by_source"]), "by_district": rows(survey["by_district"]),
                 "questions": [{**question, "rows": rows(question["rows"])} for question in survey["questions"]]}
                for survey in surveys]

    old = {**stored, "surveys": without_terms(stored["surveys"], "Inne"),
           "surveys_in": {"en": without_terms(stored["surveys"], "Other (as stored)"), "uk": without_terms(stored["surveys"], "Інше")}}
    PublishedReport.objects.filter(pk=publication.pk).update(snapshot=old)
    assert ">Other (as stored)<" in client.get(f"/en{url(consultation)}").content.decode()
    polish = client.get(url(consultation)).content.decode()
    assert ">Inne<" in polish and ">nie podano<" in polish
    assert publish(consultation, coordinator) == (publication, False)  # the same results: no new version, no new notices


def test_decisions_filter_by_decision_and_category(client, consultation, remarks, coordinator, publish):
    taken, refused, *_ = remarks
    category = consultation_services.ensure_category(consultation=consultation, name="Zieleń", user=None)
    consultation_services.assign_category(remarks=[refused], category=category, user=None)
    publish(consultation, coordinator)
    html = client.get(url(consultation, "?decyzja=not_taken")).content.decode()
    assert refused.text in html and taken.text not in html
    html = client.get(url(consultation, f"?kategoria={category.pk}")).content.decode()
    assert refused.text in html and taken.text not in html
    html = client.get(url(consultation, "?decyzja=partly")).content.decode()
    assert "Żadna decyzja nie pasuje do filtrów." in html


@pytest.mark.parametrize("query, message", [
    ("?decyzja=zle", "Nie ma decyzji „zle”. Wybierz jedną z listy."),
    ("?kategoria=abc", "Nie ma takiej kategorii. Wybierz jedną z listy."),
    ("?kategoria=999999", "Nie ma takiej kategorii. Wybierz jedną z listy."),
    ("?page=99", "There is no such page of results."),
    ("?page=x", "There is no such page of results."),
])
def test_bad_filters_or_pages_get_a_polish_message_not_an_error(client, consultation, remarks, coordinator, publish, query, message):
    publish(consultation, coordinator)
    response = client.get(url(consultation, query))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    if message.startswith("There"):
        message = "Nie ma takiej strony wyników."
    assert message in html


def test_the_page_costs_the_same_number_of_queries_at_any_number_of_remarks(client, consultation, coordinator, publish):
    def remarks(count):
        for number in range(count):
            add_remark(consultation, f"Uwaga {number}", decision=Decision.PARTLY, justification=f"Powód {number}")

    remarks(2)
    publish(consultation, coordinator)
    client.get(url(consultation))  # the first request of a site creates its branding settings and caches the menu
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(consultation)).status_code == 200
    few = len(few)  # read now: a request outside a capture empties the log this reads
    remarks(25)
    publish(consultation, coordinator)  # the new decisions reach the page with the next version
    with CaptureQueriesContext(connection) as many:
        html = client.get(url(consultation)).content.decode()
    assert "Powód 17" in html and "Powód 24" not in html  # one page of DIALOG_PAGE_SIZE (20)
    assert len(many) == few, [q["sql"][:150] for q in many.captured_queries]
    assert few <= 25


# ---------------------------------------------------------------------------------------------- staff


def test_an_author_does_not_see_the_report_pages(client, consultation, author):
    client.force_login(author)
    for path in ("", "podglad/", "szkic.pdf", "publikuj/"):
        assert client.get(f"/admin/raporty/{consultation.pk}/{path}").status_code == 404, path
    assert client.get("/admin/raporty/").status_code == 404


def test_an_editor_edits_previews_and_downloads_but_cannot_publish(client, consultation, remarks, editor):
    client.force_login(editor)
    edit = f"/admin/raporty/{consultation.pk}/"
    page = client.get(edit)
    assert page.status_code == 200 and "Chcemy wiedzieć, jak zmienić park." in page.content.decode()
    assert "Opublikuj raport" not in page.content.decode()
    response = client.post(edit, {"introduction": "Nowy wstęp.", "conclusions": "Nowe wnioski.", "note_forms": "Notatka."})
    assert response.status_code == 302
    preview = client.get(edit + "podglad/").content.decode()
    assert "Nowy wstęp." in preview and "Notatka." in preview and JUSTIFICATION_TAKEN in preview
    assert client.get(edit + "szkic.pdf").content.startswith(b"%PDF")
    assert client.get(edit + "szkic.docx").content.startswith(b"PK")
    assert client.get(edit + "szkic.txt").status_code == 404
    for response in (client.get(edit + "publikuj/"), client.post(edit + "publikuj/")):
        assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no permission"
    assert not PublishedReport.objects.exists()


def test_too_long_text_comes_back_with_an_error_and_nothing_saved(client, consultation, editor):
    client.force_login(editor)
    response = client.post(f"/admin/raporty/{consultation.pk}/", {"introduction": "x" * 20_001, "conclusions": ""})
    assert response.status_code == 400
    assert "Raportu nie zapisano" in response.content.decode()
    assert not ConsultationReport.objects.exists()


def test_a_coordinator_publishes_after_confirming(client, consultation, remarks, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    confirm = client.get(f"/admin/raporty/{consultation.pk}/publikuj/").content.decode()
    assert "Rada Dzielnicy I" in confirm and "1 uwaga nie ma jeszcze decyzji." in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/raporty/{consultation.pk}/publikuj/")
    assert response.status_code == 302
    assert PublishedReport.objects.count() == 1 and len(mail.outbox) == 2
    page = client.get(response["Location"]).content.decode()
    assert "Opublikowano wersję 1 raportu" in page
    # Pressing "publish" again publishes nothing new.
    client.post(f"/admin/raporty/{consultation.pk}/publikuj/")
    assert PublishedReport.objects.count() == 1 and len(mail.outbox) == 2


def test_publishing_a_running_consultation_is_refused_with_a_message(client, districts, coordinator):
    running = closed_consultation(title="Jeszcze trwa", status="open", ended_days_ago=-3)
    client.force_login(coordinator)
    response = client.post(f"/admin/raporty/{running.pk}/publikuj/")
    assert response.status_code == 400
    assert "Konsultacje jeszcze trwają" in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_the_consultation_page_tag_links_the_results_once_the_consultation_ended(consultation, districts, coordinator, publish):
    from django.template import Context, Template

    template = Template("{% load reports_tags %}{% consultation_results_link page %}")
    running = closed_consultation(title="Trwają nadal", status="open", ended_days_ago=-3)
    assert "/wyniki/" not in template.render(Context({"page": running}))
    html = template.render(Context({"page": consultation}))
    assert f'href="/wyniki/{consultation.slug}/"' in html and "Przygotowujemy raport" not in html
    assert "Konsultacje się zakończyły; przygotowujemy raport." in html
    publish(consultation, coordinator)
    assert "Raport opublikowano" in template.render(Context({"page": consultation}))


# ---------------------------------------------------------------------------------------------- decisions in SQL


def shown_decisions(response) -> list[str]:
    return [decision.justification for decision in response.context["decisions"]]


def test_decisions_are_filtered_and_paged_in_sql_at_the_same_number_of_queries(client, consultation, coordinator, publish):
    """The page reads one page of rows (filtered by decision and category, in the version's order), never every
    decision of the version: 3 or 48 decisions cost the same queries."""
    green = consultation_services.ensure_category(consultation=consultation, name="Zieleń", user=None)
    expected = []

    def remarks(start, stop):
        for number in range(start, stop):
            decision = Decision.NOT_TAKEN if number % 3 == 2 else Decision.PARTLY
            remark = add_remark(consultation, f"Uwaga {number}", decision=decision, justification=f"Powód {number}")
            if number % 4:
                consultation_services.assign_category(remarks=[remark], category=green, user=None)
                if decision == Decision.PARTLY:
                    expected.append(f"Powód {number}")

    remarks(0, 3)
    publish(consultation, coordinator)
    query = url(consultation, f"?decyzja=partly&kategoria={green.pk}")
    client.get(url(consultation))  # the first request of a site creates its branding settings and caches the menu
    with CaptureQueriesContext(connection) as few:
        response = client.get(query)
    few = [captured["sql"] for captured in few.captured_queries]  # now: a later request empties the log it reads
    assert response.status_code == 200 and shown_decisions(response) == expected == ["Powód 1"]
    assert "<dd>Zieleń</dd>" in response.content.decode()  # the row's categories

    remarks(3, 48)
    publish(consultation, coordinator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(query)
    many = [captured["sql"] for captured in many.captured_queries]
    assert response.status_code == 200
    assert response.context["decisions"].paginator.count == len(expected) == 24
    assert shown_decisions(response) == expected[:20]  # one page of DIALOG_PAGE_SIZE, in the version's order
    assert shown_decisions(client.get(query + "&page=2")) == expected[20:]
    assert len(many) == len(few) <= 25, many
    rows = [sql for sql in many if sql.startswith('SELECT "reports_publisheddecision"."id"')]
    assert len(rows) == 1 and "EXISTS" in rows[0]  # the page's rows, filtered by the database
    assert not any('"snapshot"' in sql and "JSON_REMOVE" not in sql and " - " not in sql
                   for sql in many)  # the snapshot is read without its decisions
    not_taken = client.get(url(consultation, "?decyzja=not_taken"))
    assert not_taken.context["decisions"].paginator.count == 16
    assert shown_decisions(not_taken)[:2] == ["Powód 2", "Powód 5"]


def test_a_decision_hidden_after_publication_is_neither_shown_nor_counted_nor_offered_as_a_category(client, consultation, remarks,
                                                                                                    coordinator, publish):
    taken, _refused, duplicate, _undecided = remarks
    benches = consultation_services.ensure_category(consultation=consultation, name="Ławki", user=None)
    consultation_services.assign_category(remarks=[taken], category=benches, user=None)
    publish(consultation, coordinator)
    response = client.get(url(consultation))
    assert response.context["decisions"].paginator.count == 2
    assert f'value="{benches.pk}"' in response.content.decode()
    Remark.objects.filter(pk=taken.pk).update(moderation=ModerationState.HIDDEN)
    response = client.get(url(consultation))
    assert response.context["decisions"].paginator.count == 1
    assert shown_decisions(response) == [JUSTIFICATION_NOT]
    assert f'value="{benches.pk}"' not in response.content.decode()
    assert client.get(url(consultation, f"?kategoria={benches.pk}")).status_code == 400  # as any category not on the list
    Remark.objects.filter(pk=taken.pk).update(moderation=ModerationState.PUBLISHED)
    Remark.objects.filter(pk=duplicate.pk).delete()
    Remark.objects.filter(pk=taken.pk).delete()  # erased at its author's request
    assert shown_decisions(client.get(url(consultation))) == [JUSTIFICATION_NOT]


def test_the_list_of_reports_is_paged(client, consultation, districts, editor, monkeypatch):
    monkeypatch.setattr("reports.admin_views.PER_PAGE", 1)
    older = closed_consultation(title="Konsultacje starsze", ended_days_ago=40)
    client.force_login(editor)
    first = client.get("/admin/raporty/").content.decode()
    assert consultation.title in first and older.title not in first and "Strona 1 z 2" in first
    second = client.get("/admin/raporty/?p=2").content.decode()
    assert older.title in second and consultation.title not in second
    assert older.title in client.get("/admin/raporty/?p=99").content.decode()  # past the end: the last page
    assert consultation.title in client.get("/admin/raporty/?p=abc").content.decode()  # not a number: the first
