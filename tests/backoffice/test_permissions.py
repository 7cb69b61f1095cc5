"""Who may do what in the admin: authors and editors draft and submit, coordinators approve and publish,
partners propose events and see only their organisation's records."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, TaskState

from catalog.models import ConsultationIndexPage, ConsultationPage, EventIndexPage, EventPage
from directory.models import Account
from tests.factories import ConsultationFactory, EventFactory, OrganisationFactory, UserFactory

from .helpers import add_url, edit_url, logged_in, menu_labels, submit_form

pytestmark = pytest.mark.django_db

CONSULTATION = {"title": "Park kieszonkowy na Kazimierzu", "slug": "park-kieszonkowy", "lead": "Pytamy o park.", "status": "planned"}
EVENT = {
    "title": "Spacer badawczy po Nowej Hucie", "slug": "spacer-nowa-huta", "lead": "Zapraszamy na spacer.",
    "status": "planned", "event_type": "research_walk", "venue_name": "Plac Centralny",
    "starts_at": "2030-05-10 17:00",
}


def _approve(client, page: Page):
    task_state = TaskState.objects.get(workflow_state=page.current_workflow_state, status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def test_admin_interface_is_polish(site_tree):
    client = logged_in(UserFactory(groups=["Redaktor"]))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="pl"' in html
    assert "Kokpit" in html and "Moje rekordy" in html
    assert {"Strony", "Rejestr", "Kontakty"} <= menu_labels(html)


def test_autor_drafts_and_submits_but_cannot_publish(site_tree):
    autor = UserFactory(groups=["Autor"])
    client = logged_in(autor)
    response = submit_form(client, add_url(ConsultationPage, ConsultationIndexPage.objects.get()), action="publish", **CONSULTATION)
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="park-kieszonkowy")
    assert not page.live and page.owner == autor

    html = client.get(edit_url(page)).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html

    submit_form(client, edit_url(page), action="publish", title="Park kieszonkowy – poprawiony")
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Park kieszonkowy – poprawiony"

    submit_form(client, edit_url(page), action="submit")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"


def test_redaktor_submits_and_koordynator_approves_and_publishes(site_tree):
    redaktor = UserFactory(groups=["Redaktor"])
    koordynator = UserFactory(groups=["Koordynator"])
    page = ConsultationFactory(title="Budżet obywatelski", publish=False)
    editor = logged_in(redaktor)

    html = editor.get(edit_url(page)).content.decode()
    assert 'name="action-publish"' not in html
    submit_form(editor, edit_url(page), action="publish", lead="Nowy lead.")
    page.refresh_from_db()
    assert not page.live

    submit_form(editor, edit_url(page), action="submit")
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"

    assert _approve(editor, page).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live, "an editor is not in the approving group"

    response = _approve(logged_in(koordynator), page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.lead == "Nowy lead."
    published = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert published.user == koordynator
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve", user=koordynator).exists()


def test_koordynator_can_publish_from_the_editor(site_tree):
    koordynator = UserFactory(groups=["Koordynator"])
    page = ConsultationFactory(title="Zieleń osiedlowa", publish=False)
    response = submit_form(logged_in(koordynator), edit_url(page), action="publish")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


@pytest.fixture
def partner(site_tree):
    user = UserFactory(username="rada-xviii", groups=["Partner"])
    organisation = OrganisationFactory(name="Stowarzyszenie Nowohuckie")
    Account.objects.create(user=user, organisation=organisation)
    return user


def test_partner_proposes_events_but_cannot_publish(partner):
    client = logged_in(partner)
    event_index = EventIndexPage.objects.get()
    response = submit_form(client, add_url(EventPage, event_index), action="publish", **EVENT)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="spacer-nowa-huta")
    assert not event.live and event.owner == partner

    submit_form(client, edit_url(event), action="submit")
    event.refresh_from_db()
    assert not event.live and event.current_workflow_state.status == "in_progress"

    forbidden = client.get(add_url(ConsultationPage, ConsultationIndexPage.objects.get()))
    assert forbidden.status_code in (302, 403)
    assert not ConsultationPage.objects.exists()


def test_partner_sees_only_own_organisation_records_and_own_drafts(partner, site_tree):
    organisation = partner.dialog_account.organisation
    visible = {
        EventFactory(title="Wydarzenie naszej organizacji", responsible_unit=organisation).title,
        ConsultationFactory(title="Konsultacje z naszym udziałem", partners=[organisation]).title,
        EventFactory(title="Nasz szkic", user=partner, publish=False).title,
    }
    EventFactory(title="Cudze wydarzenie", responsible_unit=OrganisationFactory(name="Fundacja Obca"))
    ConsultationFactory(title="Szkic z naszym udziałem", partners=[organisation], publish=False)
    client = logged_in(partner)

    csv = b"".join(client.get(reverse("rejestr:index"), {"export": "csv"}).streaming_content).decode()
    exported = {line.split(",")[0] for line in csv.splitlines()[1:]}
    assert exported == visible

    register = client.get(reverse("rejestr:index")).content.decode()
    assert "Cudze wydarzenie" not in register
    assert "Fundacja Obca" not in register, "filter choices name only contacts of visible records"

    explorer = client.get(reverse("wagtailadmin_explore", args=[EventIndexPage.objects.get().pk])).content.decode()
    assert "Wydarzenie naszej organizacji" in explorer and "Nasz szkic" in explorer
    assert "Cudze wydarzenie" not in explorer

    staff_csv = b"".join(
        logged_in(UserFactory(groups=["Autor"])).get(reverse("rejestr:index"), {"export": "csv"}).streaming_content
    ).decode()
    assert len(staff_csv.splitlines()) == 1 + 5


def test_partner_cannot_edit_records_it_only_partners_in(partner):
    record = ConsultationFactory(partners=[partner.dialog_account.organisation])
    response = logged_in(partner).get(edit_url(record))
    assert response.status_code in (302, 403)


@pytest.fixture
def walks(partner):
    """Three events matching "Spacer": the partner organisation's, another organisation's and someone else's draft."""
    return {
        "own": EventFactory(title="Spacer po Nowej Hucie", responsible_unit=partner.dialog_account.organisation),
        "other": EventFactory(title="Spacer obcej fundacji", responsible_unit=OrganisationFactory(name="Fundacja Obca")),
        "draft": EventFactory(title="Spacer w cudzym szkicu", publish=False),
    }


def shown(response, walks) -> set[str]:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    return {key for key, page in walks.items() if page.title in body}


@pytest.mark.parametrize("view", ["wagtailadmin_pages:search", "wagtailadmin_pages:search_results"])
def test_page_search_shows_a_partner_only_what_it_may_see(partner, walks, view):
    response = logged_in(partner).get(reverse(view), {"q": "Spacer"})
    assert shown(response, walks) == {"own"}
    assert response.context["all_pages"].count() == 1, "nor do the counts by page type tell of the others"


@pytest.mark.parametrize("url", [
    reverse("wagtailadmin_pages:search"),
    reverse("wagtailadmin_pages:type_use", args=["catalog", "eventpage"]),
])
def test_staff_page_listings_show_every_record(walks, url):
    response = logged_in(UserFactory(groups=["Redaktor"])).get(url, {"q": "Spacer"})
    assert shown(response, walks) == {"own", "other", "draft"}


def test_wagtails_other_page_listings_show_a_partner_only_what_it_may_see(partner, walks):
    client = logged_in(partner)
    listings = {
        "pages of a type": client.get(reverse("wagtailadmin_pages:type_use", args=["catalog", "eventpage"])),
        "admin API": client.get("/admin/api/main/pages/", {"child_of": EventIndexPage.objects.get().pk}),
        "admin API search": client.get("/admin/api/main/pages/", {"search": "Spacer"}),
        "site history": client.get(reverse("wagtailadmin_reports:site_history")),
    }
    assert {name: shown(response, walks) for name, response in listings.items()} == dict.fromkeys(listings, {"own"})
    assert client.get(f"/admin/api/main/pages/{walks['draft'].pk}/").status_code == 404
    assert client.get(reverse("wagtailadmin_explore", args=[walks["draft"].pk])).status_code == 404


def test_partner_searches_the_register(partner, walks):
    response = logged_in(partner).get(reverse("rejestr:index"), {"q": "Spacer"})
    assert shown(response, walks) == {"own"}


def test_page_chooser_does_not_open_or_return_a_record_a_partner_may_not_see(partner, walks):
    client = logged_in(partner)
    for hidden in ("other", "draft"):
        assert client.get(reverse("wagtailadmin_choose_page_child", args=[walks[hidden].pk])).status_code == 404
    assert shown(client.get(reverse("wagtailadmin_choose_page_child", args=[walks["own"].pk])), walks) == {"own"}

    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [page.pk for page in walks.values()]})
    assert [item["id"] for item in chosen.json()["result"]] == [walks["own"].pk]


@pytest.mark.parametrize("url", [
    reverse("wagtailadmin_choose_page_child", args=[1]),
    reverse("wagtailadmin_choose_page_chosen_multiple"),
    reverse("wagtailadmin_reports:page_types_usage"),
    reverse("wagtailadmin_reports:page_types_usage_results"),
])
def test_admin_views_replaced_by_the_backoffice_still_require_admin_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_staff_page_chooser_opens_any_record(walks):
    response = logged_in(UserFactory(groups=["Redaktor"])).get(reverse("wagtailadmin_choose_page_child", args=[walks["draft"].pk]))
    assert shown(response, walks) == {"draft"}


def move_confirm_url(page, destination) -> str:
    return reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])


def test_move_confirmation_does_not_name_a_record_a_partner_may_not_see(partner, walks):
    client = logged_in(partner)
    events = EventIndexPage.objects.get()
    for hidden in ("other", "draft"):
        assert client.get(move_confirm_url(walks[hidden], events)).status_code == 404
        assert client.get(move_confirm_url(events, walks[hidden])).status_code == 404
    assert shown(client.get(move_confirm_url(walks["own"], events)), walks) == {"own"}
    staff = logged_in(UserFactory(groups=["Koordynator"]))
    assert shown(staff.get(move_confirm_url(walks["draft"], events)), walks) == {"draft"}


PAGE_BULK_ACTIONS = ["publish", "unpublish", "delete", "move"]


def bulk_url(action: str) -> str:
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])


@pytest.mark.parametrize("action", PAGE_BULK_ACTIONS)
def test_page_bulk_actions_name_only_pages_a_partner_may_see(partner, walks, action):
    client = logged_in(partner)
    by_id = client.get(bulk_url(action), {"id": [page.pk for page in walks.values()]})
    in_listing = client.get(bulk_url(action), {"id": "all", "childOf": EventIndexPage.objects.get().pk})
    assert shown(by_id, walks) == shown(in_listing, walks) == {"own"}
    assert client.get(bulk_url(action), {"id": walks["draft"].pk}).status_code == 404


def test_every_page_bulk_action_is_narrowed_for_partners():
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    from backoffice.views import VisiblePagesBulkActionMixin

    actions = list(bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page"))
    assert {action.action_type for action in actions} >= set(PAGE_BULK_ACTIONS)
    assert all(issubclass(action, VisiblePagesBulkActionMixin) for action in actions)


def test_staff_page_bulk_actions_name_every_page(walks):
    response = logged_in(UserFactory(groups=["Koordynator"])).get(
        bulk_url("publish"), {"id": [page.pk for page in walks.values()]}
    )
    assert shown(response, walks) == {"own", "other", "draft"}


def test_page_types_usage_report_is_for_staff_only(partner, walks):
    """It counts every page of a type and names the last edited one, whoever's it is."""
    client = logged_in(partner)
    for name in ("wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"):
        response = client.get(reverse(name), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], "Wagtail's answer to a refusal"
        assert "nie posiadasz uprawnień dostępu do tego miejsca" in response.content.decode()
        assert "page-types-usage" not in menu_labels(response.content.decode())

    staff = logged_in(UserFactory(groups=["Redaktor"]))
    report = staff.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert report.status_code == 200 and "Spacer w cudzym szkicu" in report.content.decode()
    assert "page-types-usage" in menu_labels(staff.get(reverse("wagtailadmin_home")).content.decode())


def pages_counted(html: str) -> int:
    """The number in the dashboard's "N stron" line."""
    return int(re.search(r'icon-doc-empty icon".*?<a href="[^"]*">\s*(\d+) stron', html, re.S).group(1))


def test_dashboard_counts_only_pages_a_partner_may_see(partner, walks):
    html = logged_in(partner).get(reverse("wagtailadmin_home")).content.decode()
    assert pages_counted(html) == 2, "the event listing and the organisation's own event"


def test_staff_dashboard_counts_every_page(walks, site_tree):
    html = logged_in(UserFactory(groups=["Redaktor"])).get(reverse("wagtailadmin_home")).content.decode()
    assert pages_counted(html) == site_tree.get_descendants(inclusive=True).count()
