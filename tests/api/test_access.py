"""Who sees what: published records for everyone, drafts only with a staff user's token, 401 for a bad token."""

import pytest
from django.core.management import call_command
from wagtail.models import APIToken, PageViewRestriction

from tests.api.conftest import assert_problem, results, token_for
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(site_tree):
    ConsultationFactory(title="Opublikowane konsultacje")
    return ConsultationFactory(title="Szkic konsultacji", publish=False)


def test_anonymous_callers_see_published_records_only(api, draft):
    assert results(api("records")) == ["Opublikowane konsultacje"]
    assert results(api("consultations", q="szkic")) == []
    assert_problem(api(f"records/{draft.pk}"), 404)


def test_a_staff_token_also_sees_drafts(api, draft, staff_token):
    response = api("consultations", token=staff_token)
    assert set(results(response)) == {"Opublikowane konsultacje", "Szkic konsultacji"}
    assert {item["live"] for item in response.json()["results"]} == {True, False}
    assert results(api("records", q="szkic", token=staff_token)) == ["Szkic konsultacji"]
    detail = api(f"records/{draft.pk}", token=staff_token)
    assert detail.status_code == 200 and detail.json()["live"] is False


def test_a_superuser_token_sees_drafts(api, draft):
    token = token_for(is_superuser=True, is_staff=True)
    assert api(f"records/{draft.pk}", token=token).status_code == 200


@pytest.mark.parametrize("groups", [None, ["Partner"]])
def test_tokens_of_non_staff_users_see_published_records_only(api, draft, groups):
    """Partner accounts may enter Wagtail's admin, but must not read other organisations' drafts."""
    token = token_for(groups=groups)
    assert results(api("records", token=token)) == ["Opublikowane konsultacje"]
    assert_problem(api(f"records/{draft.pk}", token=token), 404)


def test_records_in_a_restricted_section_are_for_staff_only(api, draft, staff_token):
    restricted = ConsultationFactory(title="Konsultacje wewnętrzne")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert "Konsultacje wewnętrzne" not in results(api("records"))
    assert "Konsultacje wewnętrzne" in results(api("records", token=staff_token))


def test_a_logged_in_session_does_not_reveal_drafts(api, client, draft):
    """Only a token counts: the admin's session cookie must not turn the public API into a staff one."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert results(api("records")) == ["Opublikowane konsultacje"]


def test_a_revoked_token_is_refused_not_treated_as_anonymous(api, draft, staff_token):
    APIToken.objects.get().revoke()
    body = assert_problem(api("records", token=staff_token), 401)
    assert "Token API" in body["detail"]


def test_a_token_of_an_inactive_user_is_refused(api, site_tree):
    token = token_for(groups=["Redaktor"], is_active=False)
    response = api("records", token=token)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize("token", ["wagtail_nonsense", "x" * 300, "Bearer"])
def test_unknown_tokens_are_refused(api, site_tree, token):
    assert_problem(api("records", token=token), 401)


def test_other_authorization_schemes_are_ignored(client, draft):
    response = client.get("/api/v1/records", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert results(response) == ["Opublikowane konsultacje"]


def test_a_token_made_with_wagtails_command_works(api, draft, capsys):
    UserFactory(username="redaktorka", groups=["Redaktor"])
    call_command("api_tokens", "create", "--user", "redaktorka", "--name", "portal dzielnicy")
    token = capsys.readouterr().out.strip()
    assert len(results(api("records", token=token))) == 2


def test_public_answers_may_be_cached_and_token_answers_may_not(api, draft, staff_token):
    public = api("records")
    assert public["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in public["Vary"]  # a shared cache keeps anonymous and token answers apart
    assert api("records", token=staff_token)["Cache-Control"] == "private, no-store"
    assert api(f"records/{draft.pk}", token=staff_token)["Cache-Control"] == "private, no-store"
