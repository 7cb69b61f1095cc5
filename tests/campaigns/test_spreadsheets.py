"""XLSX export and import of a campaign's plan (campaigns.spreadsheets)."""

import io
from datetime import UTC, date, datetime, time
from zipfile import ZipFile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from campaigns import spreadsheets
from campaigns.models import Action, ActionKind, ActionStatus
from campaigns.services import create_action
from core.models import Channel
from tests.factories import ActionFactory, CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

WINTER = datetime(2027, 3, 5, 9, 30, tzinfo=UTC)  # 10:30 in Kraków (CET)
SUMMER = datetime(2027, 7, 1, 8, 0, tzinfo=UTC)  # 10:00 in Kraków (CEST)
NEW_COLUMNS = ("number", "after", "reports_results")
OLD_HEADERS = [header for key, header, _width in spreadsheets.COLUMNS if key not in NEW_COLUMNS]


def exported(campaign) -> io.BytesIO:
    stream = io.BytesIO()
    spreadsheets.write_plan(campaign, stream)
    stream.seek(0)
    return stream


def sheet(*rows, headers=tuple(spreadsheets.HEADERS)) -> io.BytesIO:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(list(headers))
    for row in rows:
        worksheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def row(**values):
    """A sheet row by column key; a valid one-off action unless told otherwise."""
    defaults = {"date": "05.03.2027", "time": "10:30", "end_date": None, "end_time": None, "channel": None,
                "title": "Post o konsultacjach", "kind": None, "responsible": None, "status": None, "notes": None, "link": None,
                "number": None, "after": None, "reports_results": None}
    defaults.update(values)
    return [defaults[key] for key, _header, _width in spreadsheets.COLUMNS]


def old_row(**values):
    """A row of the layout before "Lp.", "Po (Lp.)" and "Ogłasza wyniki" were added."""
    return row(**values)[:len(OLD_HEADERS)]


def problems_of(file, campaign) -> set[tuple]:
    with pytest.raises(spreadsheets.PlanImportError) as caught:
        spreadsheets.import_plan(campaign=campaign, file=file, user=None)
    return {(p.row, p.column, p.code) for p in caught.value.problems}


def plan_fields(campaign) -> list[tuple]:
    return list(campaign.actions.order_by("starts_at", "title").values_list(
        "title", "kind", "channel_id", "starts_at", "ends_at", "responsible_id", "status", "notes", "result_url"
    ))


def whole_plan(campaign) -> set[tuple]:
    """Everything an action of the plan says, its dependencies (by title) and "reports results" included."""
    return {
        (action.title, action.starts_at, action.ends_at, action.kind, action.channel_id, action.responsible_id,
         action.status, action.notes, action.result_url, frozenset(before.title for before in action.depends_on.all()),
         action.reports_results)
        for action in campaign.actions.prefetch_related("depends_on")
    }


def column(worksheet, header: str) -> list:
    """The values below a header, row by row."""
    index = spreadsheets.HEADERS.index(header)
    return [cells[index].value for cells in worksheet.iter_rows(min_row=2)]


@pytest.fixture
def facebook(site_tree):
    return Channel.objects.get(slug="facebook")


def test_export_is_formatted_for_officials(site_tree, facebook):
    campaign = CampaignFactory(title="Kampania: Łąki Nowohuckie [2027]")
    person = UserFactory(username="anowak", first_name="Anna", last_name="Nowak")
    ActionFactory(campaign=campaign, title="Plakaty w tramwajach", kind=ActionKind.PRINT, channel=facebook,
                  starts_at=WINTER, ends_at=SUMMER, responsible=person, status=ActionStatus.IN_PROGRESS,
                  notes="Druk: 200 sztuk", result_url="https://example.org/plakat")
    ActionFactory(campaign=campaign, title="Post", channel=None, starts_at=SUMMER)

    workbook = load_workbook(exported(campaign))
    worksheet = workbook.worksheets[0]
    assert worksheet.title == "Kampania  Łąki Nowohuckie  2027"[:31]
    assert workbook.properties.title == "Plan kampanii: Kampania: Łąki Nowohuckie [2027]"
    assert [cell.value for cell in worksheet[1]] == spreadsheets.HEADERS
    assert all(cell.font.bold for cell in worksheet[1])
    assert worksheet.freeze_panes == "A2"
    assert worksheet.column_dimensions["F"].width == 50
    assert worksheet.auto_filter.ref == "A1:N3"

    first = worksheet[2]
    assert first[0].value.date() == date(2027, 3, 5) and first[0].number_format == "DD.MM.YYYY"
    assert first[1].value == time(10, 30) and first[1].number_format == "HH:MM"
    assert first[2].value.date() == date(2027, 7, 1) and first[3].value == time(10, 0)
    assert [c.value for c in first[4:]] == [
        facebook.name, "Plakaty w tramwajach", str(ActionKind.PRINT.label), "Anna Nowak (anowak)",
        str(ActionStatus.IN_PROGRESS.label), "Druk: 200 sztuk", "https://example.org/plakat", 1, None, "nie",
    ]
    second = worksheet[3]
    assert second[1].value == time(10, 0)
    assert second[2].value is None and second[3].value is None and second[4].value is None


def test_export_costs_the_same_queries_at_any_size(site_tree, django_assert_num_queries):
    small, large = CampaignFactory(), CampaignFactory()
    ActionFactory.create_batch(2, campaign=small, starts_at=WINTER)
    ActionFactory.create_batch(25, campaign=large, starts_at=WINTER)
    for action in large.actions.all()[1:]:
        action.depends_on.set(large.actions.exclude(pk=action.pk)[:3])
    # The ids in order (Lp. and the filter range), the dependency pairs, then the rows with channel and person.
    with django_assert_num_queries(3):
        spreadsheets.write_plan(small, io.BytesIO())
    with django_assert_num_queries(3):
        spreadsheets.write_plan(large, io.BytesIO())


def test_export_writes_numbers_dependencies_and_reports_results(site_tree):
    campaign, elsewhere = CampaignFactory(), CampaignFactory()
    outside = ActionFactory(campaign=elsewhere, title="W innej kampanii", starts_at=WINTER)
    first = ActionFactory(campaign=campaign, title="Pierwsze", starts_at=WINTER)
    third = ActionFactory(campaign=campaign, title="Trzecie", starts_at=SUMMER, reports_results=True)
    second = ActionFactory(campaign=campaign, title="Drugie", starts_at=datetime(2027, 5, 1, 8, 0, tzinfo=UTC),
                           depends_on=[third, first])
    third.depends_on.set([outside])  # another campaign's action has no Lp. in this sheet: left out
    ActionFactory(campaign=campaign, title="Czwarte", starts_at=SUMMER, depends_on=[first, third, outside])

    worksheet = load_workbook(exported(campaign)).worksheets[0]
    assert spreadsheets.HEADERS[-3:] == ["Lp.", "Po (Lp.)", "Ogłasza wyniki"]
    assert [cell.value for cell in worksheet[1]][-3:] == ["Lp.", "Po (Lp.)", "Ogłasza wyniki"]
    assert worksheet.column_dimensions["L"].width == 6
    assert column(worksheet, "Działanie") == ["Pierwsze", "Drugie", "Trzecie", "Czwarte"]
    assert column(worksheet, "Lp.") == [1, 2, 3, 4]
    assert column(worksheet, "Po (Lp.)") == [None, "1, 3", None, "1, 3"]
    assert column(worksheet, "Ogłasza wyniki") == ["nie", "nie", "tak", "nie"]
    assert second.depends_on.count() == 2


def test_round_trip_into_another_campaign_gives_the_same_plan(site_tree, facebook):
    source, target = CampaignFactory(), CampaignFactory()
    person = UserFactory(username="jkowalski", first_name="Jan", last_name="Kowalski")
    nameless = UserFactory(username="redakcja", first_name="", last_name="")
    other_channel = Channel.objects.exclude(pk=facebook.pk).first()
    for kind, status in zip(ActionKind.values, ActionStatus.values * 2, strict=False):
        ActionFactory(campaign=source, title=f"Działanie {kind}", kind=kind, status=status, channel=facebook, starts_at=WINTER)
    ActionFactory(campaign=source, title="Plakaty; „cudzysłów”, przecinek", kind=ActionKind.PRINT, channel=other_channel,
                  starts_at=datetime(2027, 10, 31, 0, 30, tzinfo=UTC), ends_at=datetime(2027, 11, 15, 22, 45, 10, tzinfo=UTC),
                  responsible=person, notes="Wiersz pierwszy\nwiersz drugi — zażółć gęślą jaźń", result_url="https://example.org/a?b=c")
    ActionFactory(campaign=source, title="Bez kanału", channel=None, responsible=nameless, starts_at=SUMMER,
                  status=ActionStatus.CANCELLED)

    created = spreadsheets.import_plan(campaign=target, file=exported(source), user=person)

    assert len(created) == source.actions.count() == 14
    assert plan_fields(target) == plan_fields(source)
    assert whole_plan(target) == whole_plan(source)
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id__in=[str(a.pk) for a in created], user=person).count() == 14


def test_round_trip_carries_dependencies_and_reports_results(site_tree):
    source, target = CampaignFactory(), CampaignFactory()
    brief = ActionFactory(campaign=source, title="Brief dla grafika", starts_at=WINTER)
    poster = ActionFactory(campaign=source, title="Plakat", starts_at=datetime(2027, 3, 20, 9, 0, tzinfo=UTC), depends_on=[brief])
    # Planned before what it depends on (the planner warns, the sheet must still carry it): created after it on import.
    early = ActionFactory(campaign=source, title="Post z plakatem", starts_at=datetime(2027, 3, 10, 9, 0, tzinfo=UTC),
                          depends_on=[poster])
    ActionFactory(campaign=source, title="Raport z konsultacji", starts_at=SUMMER, reports_results=True,
                  depends_on=[poster, early, brief])
    ActionFactory(campaign=source, title="Samodzielne", starts_at=SUMMER)

    created = spreadsheets.import_plan(campaign=target, file=exported(source), user=None)

    assert whole_plan(target) == whole_plan(source)
    assert ("Raport z konsultacji", SUMMER, None, ActionKind.SOCIAL_POST, created[-2].channel_id, None, ActionStatus.TODO, "", "",
            frozenset({"Plakat", "Post z plakatem", "Brief dla grafika"}), True) in whole_plan(target)
    assert [action.title for action in created] == [  # in the sheet's order, whatever order they were created in
        "Brief dla grafika", "Post z plakatem", "Plakat", "Raport z konsultacji", "Samodzielne",
    ]
    assert not target.actions.filter(depends_on__campaign=source).exists()


def test_import_reads_dependencies_in_any_order_and_yes_no_values(site_tree):
    campaign = CampaignFactory()
    created = spreadsheets.import_plan(campaign=campaign, file=sheet(
        row(title="Raport", time="10:00", number=10, after="30; 20 ", reports_results="TAK"),
        row(title="Ankieta", time="11:00", number="20", after=30.0, reports_results=True),
        row(title="Spotkanie", time="12:00", number=30.0, after=None, reports_results="Fałsz"),
        row(title="Bez numeru", time="13:00", after="10 20", reports_results="yes"),
        row(title="Puste", time="14:00", reports_results=" "),
        row(title="Zero", time="15:00", number=40, after="30,10", reports_results=0),
    ), user=None)
    assert [action.title for action in created] == ["Raport", "Ankieta", "Spotkanie", "Bez numeru", "Puste", "Zero"]
    plan = {action.title: (sorted(b.title for b in action.depends_on.all()), action.reports_results)
            for action in campaign.actions.all()}
    assert plan == {
        "Raport": (["Ankieta", "Spotkanie"], True),
        "Ankieta": (["Spotkanie"], True),
        "Spotkanie": ([], False),
        "Bez numeru": (["Ankieta", "Raport"], True),
        "Puste": ([], False),
        "Zero": (["Raport", "Spotkanie"], False),
    }


@pytest.mark.parametrize("value, expected", [
    ("tak", True), ("Nie", False), ("YES", True), ("no", False), ("1", True), ("0", False), (1, True), (0, False),
    ("prawda", True), ("FAŁSZ", False), ("True", True), ("false", False), (None, False), ("", False),
])
def test_reports_results_accepts_yes_and_no_in_many_spellings(site_tree, value, expected):
    campaign = CampaignFactory()
    spreadsheets.import_plan(campaign=campaign, file=sheet(row(reports_results=value)), user=None)
    assert campaign.actions.get().reports_results is expected


def test_a_sheet_in_the_old_layout_still_imports(site_tree, facebook):
    campaign = CampaignFactory()
    file = sheet(old_row(title="Stary układ", channel=facebook.name), old_row(title="Drugi", time="12:00"), headers=OLD_HEADERS)
    created = spreadsheets.import_plan(campaign=campaign, file=file, user=None)
    assert [(a.title, a.channel, a.reports_results, list(a.depends_on.all())) for a in created] == [
        ("Stary układ", facebook, False, []), ("Drugi", None, False, []),
    ]


def test_only_the_new_columns_are_optional(site_tree):
    headers = [header for header in OLD_HEADERS if header != "Uwagi"] + ["Po (Lp.)"]
    assert problems_of(sheet(headers=headers), CampaignFactory()) == {(1, "Uwagi", "missing_header")}


def test_wrong_numbers_and_dependencies_are_reported_by_row_and_column_and_nothing_is_saved(site_tree):
    campaign = CampaignFactory()
    file = sheet(
        row(title="Poprawny", time="08:00", number=1, after="2", reports_results="tak"),   # row 2
        row(title="Też poprawny", time="08:30", number=2),                                  # row 3
        row(title="Lp. tekstem", time="09:00", number="pierwszy"),                          # row 4
        row(title="Lp. zero", time="09:10", number=0),                                      # row 5
        row(title="Lp. ujemna", time="09:20", number=-3),                                   # row 6
        row(title="Lp. ułamkowa", time="09:30", number=2.5),                                # row 7
        row(title="Lp. powtórzona", time="09:40", number=2),                                # row 8
        row(title="Nieznana Lp.", time="10:00", number=11, after="1, 12"),                 # row 9
        row(title="Od siebie", time="10:10", number=13, after="1, 13"),                    # row 10
        row(title="Cykl A", time="10:20", number=3, after=5),                               # row 11
        row(title="Cykl B", time="10:30", number=5, after="3"),                             # row 12
        row(title="Zła lista", time="10:40", number=14, after="1 i 2"),                    # row 13
        row(title="Przecinek dziesiętny", time="10:50", number=15, after=3.7),             # row 14
        row(title="Zły wynik", time="11:00", number=16, reports_results="może"),           # row 15
        row(title="Trójkąt 1", time="11:10", number=21, after="23"),                        # row 16
        row(title="Trójkąt 2", time="11:20", number=22, after="21"),                        # row 17
        row(title="Trójkąt 3", time="11:30", number=23, after="22, 1"),                     # row 18
        row(title="Po cyklu", time="11:40", number=24, after="22"),                         # row 19
    )
    with pytest.raises(spreadsheets.PlanImportError) as caught:
        spreadsheets.import_plan(campaign=campaign, file=file, user=None)
    problems = caught.value.problems
    assert {(p.row, p.column, p.code) for p in problems} == {
        (4, "Lp.", "bad_number"),
        (5, "Lp.", "bad_number"),
        (6, "Lp.", "bad_number"),
        (7, "Lp.", "bad_number"),
        (8, "Lp.", "duplicate_number"),
        (9, "Po (Lp.)", "unknown_number"),
        (10, "Po (Lp.)", "self_dependency"),
        (11, "Po (Lp.)", "cycle"),
        (13, "Po (Lp.)", "bad_after"),
        (14, "Po (Lp.)", "bad_after"),
        (15, "Ogłasza wyniki", "bad_yes_no"),
        (16, "Po (Lp.)", "cycle"),
    }
    assert len(problems) == 12  # each cycle once, on the row where it starts
    assert [p.row for p in problems] == sorted(p.row for p in problems)
    messages = {(p.row, p.code): p.message for p in problems}
    assert "3 → 5 → 3" in messages[11, "cycle"]
    assert "21 → 23 → 22 → 21" in messages[16, "cycle"]
    assert "12" in messages[9, "unknown_number"]  # the missing Lp.
    assert "3" in messages[8, "duplicate_number"]  # the row that has the number already
    assert "może" in messages[15, "bad_yes_no"]
    assert {p.column_letter for p in problems} == {"L", "M", "N"}
    assert campaign.actions.count() == 0


def test_a_long_cycle_is_shown_shortened(site_tree):
    count = 30
    file = sheet(*(row(title=f"Krok {n}", time=f"{n % 24:02d}:{n // 24:02d}", number=n, after=n % count + 1)
                   for n in range(1, count + 1)))
    (problem,) = [p for p in caught_problems(file) if p.code == "cycle"]
    assert problem.row == 2
    assert "1 → 2 → 3" in problem.message and "→ … → 30 → 1" in problem.message
    assert "15" not in problem.message


def caught_problems(file) -> list:
    with pytest.raises(spreadsheets.PlanImportError) as caught:
        spreadsheets.import_plan(campaign=CampaignFactory(), file=file, user=None)
    return caught.value.problems


def test_import_adds_to_the_existing_plan(site_tree):
    campaign = CampaignFactory()
    kept = ActionFactory(campaign=campaign, title="Już w planie", starts_at=SUMMER)
    spreadsheets.import_plan(campaign=campaign, file=sheet(row(title="Nowe")), user=None)
    assert set(campaign.actions.values_list("title", flat=True)) == {"Już w planie", "Nowe"}
    assert Action.objects.get(pk=kept.pk).title == "Już w planie"


def test_import_reads_text_dates_times_and_defaults(site_tree, facebook):
    campaign = CampaignFactory()
    UserFactory(username="anowak")
    spreadsheets.import_plan(campaign=campaign, file=sheet(
        row(date="2027-03-05", time="9.05", end_time="11:00", channel=facebook.name.upper(), responsible="anowak",
            kind=str(ActionKind.VIDEO.label).upper(), status="done"),
        row(date=date(2027, 7, 1), time=time(10, 0), title="Domyślne"),
    ), user=None)
    first, second = campaign.actions.order_by("starts_at")
    assert first.starts_at == datetime(2027, 3, 5, 8, 5, tzinfo=UTC)
    assert first.ends_at == datetime(2027, 3, 5, 10, 0, tzinfo=UTC)  # an end time alone ends on the start day
    assert (first.channel, first.responsible.username, first.kind, first.status) == (facebook, "anowak", "video", "done")
    assert second.starts_at == SUMMER
    assert (second.kind, second.status, second.channel, second.responsible) == ("other", "todo", None, None)


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_saved(site_tree, facebook):
    campaign = CampaignFactory()
    UserFactory(username="anowak")
    UserFactory(username="odszedl", is_active=False)
    file = sheet(
        row(title="Poprawny", channel=facebook.name, responsible="Anna Nowak (anowak)"),
        row(date="31.02.2027"),
        row(time="25:00"),
        row(title=None),
        row(responsible="Ktoś Nieznany (nikt)"),
        row(responsible="odszedl"),
        row(channel="MySpace"),
        row(kind="telegram"),
        row(status="prawie gotowe"),
        row(end_date="04.03.2027", end_time="10:00"),
        row(end_date="06.03.2027"),
        row(link="nie-adres"),
        row(date=None, time=None, title=None, channel="MySpace"),
    )
    assert problems_of(file, campaign) == {
        (3, "Data", "bad_date"),
        (4, "Godzina", "bad_time"),
        (5, "Działanie", "empty_title"),
        (6, "Odpowiedzialny", "unknown_person"),
        (7, "Odpowiedzialny", "unknown_person"),
        (8, "Kanał", "unknown_channel"),
        (9, "Rodzaj", "unknown_kind"),
        (10, "Status", "unknown_status"),
        (11, "Data zakończenia", "end_before_start"),
        (12, "Godzina zakończenia", "bad_time"),
        (13, "Link", "bad_link"),
        (14, "Data", "bad_date"), (14, "Godzina", "bad_time"), (14, "Działanie", "empty_title"), (14, "Kanał", "unknown_channel"),
    }
    assert campaign.actions.count() == 0


def test_problems_say_what_is_wrong(site_tree):
    with pytest.raises(spreadsheets.PlanImportError) as caught:
        spreadsheets.import_plan(campaign=CampaignFactory(), file=sheet(row(channel="MySpace")), user=None)
    (problem,) = caught.value.problems
    assert "MySpace" in problem.message
    assert problem.column_letter == "E"


def test_missing_and_extra_headers(site_tree):
    headers = [h for h in spreadsheets.HEADERS if h not in {"Status", "Link"}] + ["Budżet"]
    assert problems_of(sheet(headers=headers), CampaignFactory()) == {
        (1, "Status", "missing_header"), (1, "Link", "missing_header"), (1, "Budżet", "extra_header"),
    }


def test_headers_in_another_order_are_read_by_name(site_tree):
    order = list(reversed(spreadsheets.COLUMNS))
    values = dict(zip([key for key, _h, _w in spreadsheets.COLUMNS], row(title="Odwrócone"), strict=True))
    file = sheet([values[key] for key, _h, _w in order], headers=[header for _k, header, _w in order])
    spreadsheets.import_plan(campaign=(campaign := CampaignFactory()), file=file, user=None)
    assert campaign.actions.get().title == "Odwrócone"


@pytest.mark.parametrize("content", [b"Data;Godzina\n05.03.2027;10:00\n", b"", b"PK\x03\x04 broken zip"])
def test_a_file_that_is_not_xlsx_is_refused(site_tree, content):
    assert problems_of(io.BytesIO(content), CampaignFactory()) == {(None, None, "not_xlsx")}


def test_a_zip_that_is_not_a_workbook_is_refused(site_tree):
    stream = io.BytesIO()
    with ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert problems_of(stream, CampaignFactory()) == {(None, None, "not_xlsx")}


def test_an_empty_sheet_is_refused(site_tree):
    assert problems_of(sheet(), CampaignFactory()) == {(2, None, "no_rows")}


def test_importing_the_same_file_twice_is_refused(site_tree):
    campaign = CampaignFactory()
    spreadsheets.import_plan(campaign=campaign, file=sheet(row(title="A"), row(title="B", time="12:00")), user=None)
    again = sheet(row(title="A"), row(title="C", time="12:00"))
    assert problems_of(again, campaign) == {(2, "Działanie", "duplicate")}
    assert sorted(campaign.actions.values_list("title", flat=True)) == ["A", "B"]


def test_a_failure_while_writing_rolls_back_every_row(site_tree, monkeypatch):
    campaign = CampaignFactory()
    calls = []

    def failing_on_third(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 3:
            raise ValidationError({"title": "zabronione"})
        return create_action(**kwargs)

    monkeypatch.setattr(spreadsheets, "create_action", failing_on_third)
    file = sheet(*(row(title=f"Wiersz {n}", time=f"1{n}:00") for n in range(4)))
    assert problems_of(file, campaign) == {(4, "Działanie", "invalid")}
    assert len(calls) == 3
    assert campaign.actions.count() == 0
    assert not ModelLogEntry.objects.filter(content_type__model="action").exists()


def test_sheet_title_is_valid_for_excel():
    assert spreadsheets.sheet_title("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
    assert len(spreadsheets.sheet_title("x" * 100)) == 31
    assert spreadsheets.sheet_title("***") == "Plan"
