"""Media lists: who receives a release, and who is left out because they asked not to be contacted."""

import pytest

from newsroom.selectors import media_list_recipients

pytestmark = pytest.mark.django_db


def test_recipients_are_outlets_and_their_people_with_an_address_and_do_not_contact_is_skipped(media):
    recipients = {recipient.email: recipient for recipient in media_list_recipients([media])}
    allowed = sorted(email for email, recipient in recipients.items() if not recipient.do_not_contact)
    skipped = sorted(email for email, recipient in recipients.items() if recipient.do_not_contact)
    assert allowed == ["anna@gazeta.example.org", "jan.wolny@example.org", "redakcja@gazeta.example.org"]
    # Piotr said no himself; the weekly said no for the whole outlet, Ewa included.
    assert skipped == ["biuro@tabu.example.org", "ewa@tabu.example.org", "piotr@gazeta.example.org"]


def test_an_address_skipped_on_one_path_is_skipped_everywhere(media):
    piotr = media.organisations.get(name="Gazeta Testowa").memberships.get(person__last_name="Zastrzeżony").person
    media.people.add(piotr)  # chosen by name too: still "do not contact"
    [recipient] = [r for r in media_list_recipients([media]) if r.email == "piotr@gazeta.example.org"]
    assert recipient.do_not_contact


def test_a_person_chosen_by_name_who_works_for_an_outlet_marked_do_not_contact_is_skipped(media):
    ewa = media.organisations.get(name="Tygodnik Zastrzeżony").memberships.get().person
    media.organisations.remove(media.organisations.get(name="Tygodnik Zastrzeżony"))
    media.people.add(ewa)
    [recipient] = [r for r in media_list_recipients([media]) if r.email == "ewa@tabu.example.org"]
    assert recipient.do_not_contact
