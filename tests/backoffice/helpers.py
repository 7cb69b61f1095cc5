"""Driving the Wagtail admin as a given user with Django's test client."""

import json

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


PAGE_FORM = "page-edit-form"
SNIPPET_FORM = "w-editor-form"


def submit_form(client: Client, url: str, *, form_id: str = PAGE_FORM, action: str | None = None, **fields):
    """Open an admin form as a browser would, change some fields and post it, optionally with an action button."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    if action:
        data[f"action-{action}"] = action
    return client.post(url, data)


def menu_labels(html: str) -> set[str]:
    """Every string in the admin sidebar's JSON props: menu labels among them."""
    props = html.split('<script id="wagtail-sidebar-props" type="application/json">', 1)[1].split("</script>", 1)[0]

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return set(strings(json.loads(props)))
