"""Admin responses are freed by reference counting when their request ends (`core.response_cycles`), and the
WSGI application keeps what it loaded out of the garbage collector's work (`dialog.wsgi`)."""

import gc
import weakref

import pytest
from django.test import Client, RequestFactory
from django.test.client import ClientHandler
from django.utils import timezone

from tests.core.test_settings import run_python
from tests.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db


def serve(path: str, client: Client):
    """The response of `path` straight from Django's handler: the test client would keep it in a cycle of its own."""
    route, _, query = path.partition("?")
    environ = RequestFactory().get(route).environ | {"QUERY_STRING": query}
    environ["HTTP_COOKIE"] = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return ClientHandler()(environ)


def test_an_admin_response_is_freed_as_soon_as_it_is_served(site_tree):
    koordynator = UserFactory(groups=["Koordynator"])
    action = ActionFactory(title="Post o konsultacjach")
    client = Client()
    client.force_login(koordynator)
    gc.collect()
    gc.disable()  # only reference counting may free the page now
    try:
        day = timezone.localtime(action.starts_at).date().isoformat()
        response = serve(f"/admin/plany/kampania/{action.campaign_id}/os-czasu/?data={day}", client)
        assert response.status_code == 200
        assert "Post o konsultacjach" in response.content.decode()
        page = weakref.ref(response)
        del response
        assert page() is None
    finally:
        gc.enable()


def test_the_wsgi_application_freezes_what_it_loaded():
    result = run_python(
        "-c", "import gc, dialog.wsgi; print(gc.get_freeze_count())",
        DJANGO_SETTINGS_MODULE="dialog.settings.test",
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 100_000  # Django, Wagtail, our modules and views
