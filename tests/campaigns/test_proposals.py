"""Events proposed by partner accounts: an editor accepts (to approval) or rejects with a reason; the partner is told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import EventProposalReview
from campaigns.selectors import pending_event_proposals
from campaigns.services import review_event_proposal
from noticeboard.models import Notification
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("campaigns:proposals")


@pytest.fixture
def proposal(site_tree):
    partner = UserFactory(username="rada-xiii", groups=["Partner"])
    return EventFactory(title="Piknik na Zabłociu", user=partner, publish=False)


def test_only_never_published_partner_drafts_wait_for_review(proposal):
    EventFactory(title="Szkic redakcji", user=UserFactory(groups=["Redaktor"]), publish=False)
    published = EventFactory(title="Opublikowane partnera", user=proposal.owner, publish=False)
    published.get_latest_revision().publish()
    assert [event.title for event in pending_event_proposals()] == ["Piknik na Zabłociu"]


def test_accepting_starts_the_approval_workflow_and_tells_the_partner(client, proposal):
    redaktor = UserFactory(groups=["Redaktor"])
    client.force_login(redaktor)
    assert "Piknik na Zabłociu" in client.get(LIST).content.decode()

    response = client.post(reverse("campaigns:review_proposal", args=[proposal.pk]), {"decision": "accepted"}, follow=True)

    assert "Przyjęto „Piknik na Zabłociu”: czeka na publikację przez koordynatora." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.workflow_in_progress and not proposal.live
    [notice] = Notification.objects.filter(recipient=proposal.owner)
    assert "zostało przyjęte" in notice.message
    assert "Piknik na Zabłociu" not in client.get(LIST).content.decode()


def test_rejecting_needs_a_reason_which_the_partner_reads(client, proposal):
    client.force_login(UserFactory(groups=["Redaktor"]))
    url = reverse("campaigns:review_proposal", args=[proposal.pk])
    response = client.post(url, {"decision": "rejected", "reason": "  "}, follow=True)
    assert "Napisz, dlaczego propozycja jest odrzucona" in response.content.decode()
    assert not EventProposalReview.objects.exists() and not Notification.objects.exists()

    client.post(url, {"decision": "rejected", "reason": "Termin koliduje z Wiankami."})
    [notice] = Notification.objects.filter(recipient=proposal.owner)
    assert notice.message.endswith("Powód: Termin koliduje z Wiankami.")


def test_a_proposal_is_reviewed_once(proposal):
    redaktor = UserFactory(groups=["Redaktor"])
    review_event_proposal(event=proposal, decision="accepted", reason="", user=redaktor)
    with pytest.raises(ValidationError):
        review_event_proposal(event=proposal, decision="rejected", reason="Jednak nie", user=redaktor)


@pytest.mark.parametrize("role", ["Autor", "Partner"])
def test_only_editors_review(client, proposal, role):
    client.force_login(UserFactory(groups=[role]))
    assert client.get(LIST).status_code == 302
    client.post(reverse("campaigns:review_proposal", args=[proposal.pk]), {"decision": "accepted"})
    assert not EventProposalReview.objects.exists()
