"""Every change made in the admin is in the audit log with who, when and what, and has a history view."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from catalog.models import ConsultationIndexPage, ConsultationPage
from directory.models import Organisation, Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .helpers import SNIPPET_FORM, add_url, edit_url, logged_in, submit_form

pytestmark = pytest.mark.django_db


def snippet_url(model, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args)


def test_page_create_edit_and_publish_are_logged_with_their_users(site_tree):
    redaktor = UserFactory(groups=["Redaktor"])
    koordynator = UserFactory(groups=["Koordynator"])
    editor = logged_in(redaktor)
    submit_form(
        editor, add_url(ConsultationPage, ConsultationIndexPage.objects.get()),
        title="Rondo Mogilskie", slug="rondo-mogilskie", lead="Pytamy o rondo.", status="planned",
    )
    page = ConsultationPage.objects.get(slug="rondo-mogilskie")
    submit_form(editor, edit_url(page), lead="Pytamy o nowe rondo.")
    submit_form(logged_in(koordynator), edit_url(page), action="publish")

    entries = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", "user"))
    assert ("wagtail.create", redaktor.pk) in entries
    assert ("wagtail.edit", redaktor.pk) in entries
    assert ("wagtail.publish", koordynator.pk) in entries
    assert all(PageLogEntry.objects.filter(page=page).values_list("timestamp", flat=True))

    history = logged_in(koordynator).get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    assert redaktor.get_full_name() in history.content.decode()


def test_organisation_changes_through_the_admin_are_logged_with_the_user(site_tree):
    redaktor = UserFactory(groups=["Redaktor"])
    client = logged_in(redaktor)
    response = submit_form(
        client, snippet_url(Organisation, "add"), form_id=SNIPPET_FORM,
        name="Fundacja Kraków Otwarty", kind="ngo", city="Kraków",
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fundacja Kraków Otwarty")

    response = submit_form(client, snippet_url(Organisation, "edit", organisation.pk), form_id=SNIPPET_FORM, phone="+48 12 000 00 00")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "+48 12 000 00 00"

    entries = ModelLogEntry.objects.for_instance(organisation)
    assert set(entries.values_list("action", "user")) == {("wagtail.create", redaktor.pk), ("wagtail.edit", redaktor.pk)}
    history = client.get(snippet_url(Organisation, "history", organisation.pk))
    assert history.status_code == 200 and redaktor.get_full_name() in history.content.decode()


def test_person_with_roles_is_saved_inline_and_logged(site_tree):
    koordynator = UserFactory(groups=["Koordynator"])
    organisation = OrganisationFactory(name="Rada Osiedla Przykładowego")
    client = logged_in(koordynator)
    response = submit_form(
        client, snippet_url(Person, "add"), form_id=SNIPPET_FORM,
        first_name="Maria", last_name="Wiśniewska", legal_basis="consent", legal_basis_note="Zgoda na spotkaniu 12.03",
        **{
            "memberships-TOTAL_FORMS": 1, "memberships-0-organisation": organisation.pk,
            "memberships-0-role": "przewodnicząca", "memberships-0-ORDER": 1, "memberships-0-id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(last_name="Wiśniewska")
    assert [(m.organisation, m.role) for m in person.memberships.all()] == [(organisation, "przewodnicząca")]
    assert ModelLogEntry.objects.for_instance(person).filter(action="wagtail.create", user=koordynator).exists()


def test_deleting_a_person_is_logged(site_tree):
    administrator = UserFactory(groups=["Administrator"])
    person = PersonFactory()
    response = logged_in(administrator).post(snippet_url(Person, "delete", person.pk))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(person.pk), action="wagtail.delete", user=administrator, content_type__model="person"
    ).exists()
