"""Template helpers of the public portal: navigation, language links, dates, pagination, structured data."""

import html

from django import forms, template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.models import Branding, hex_colour

from .. import selectors
from ..cards import cards_html, escaped
from ..dates import STATUS_LABELS, date_range
from ..footer import footer_html
from ..menu import menu_items
from ..structured_data import event_data, json_ld_script

register = template.Library()

DEFAULT_COLOUR = "#004C97"


@register.filter
def css_colour(value: str) -> str:
    """The brand colour if it is a plain #RRGGBB value, so nothing else reaches the stylesheet."""
    return value if hex_colour.regex.match(value or "") else DEFAULT_COLOUR


@register.filter
def field_label(instance, name: str) -> str:
    """A model field's (translated) verbose name, to label a value shown on a page."""
    return capfirst(instance._meta.get_field(name).verbose_name)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current address in every interface language (Polish has no prefix), for the language switcher."""
    current = get_language()
    # One leading slash only, so a crafted path cannot become a link to another host.
    path = "/" + context["request"].get_full_path().lstrip("/")
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    return [
        {
            "code": code,
            "name": name,
            "url": (path if code == settings.LANGUAGE_CODE else f"/{code}{path}"),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _aria_current(request_path: str, url: str | None) -> str:
    if not url:
        return ""
    if request_path == url:
        return "page"
    return "true" if request_path.startswith(url) else ""


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    request = context["request"]
    items = [*menu_items(request), (_("Search"), reverse("search"))]
    return {"items": [{"title": title, "url": url, "current": _aria_current(request.path, url)} for title, url in items]}


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current: str = "") -> dict:
    """Home, the page's ancestors below it, then the current page (not a link)."""
    request = context["request"]
    site = Site.find_for_request(request)
    home_url = site.root_page.get_url(request) if site else "/"
    trail = []
    if page is not None:
        trail = [(ancestor.title, ancestor.get_url(request)) for ancestor in selectors.ancestors_below_home(page, site)]
        current = page.title
    return {"home_url": home_url, "trail": trail, "current": current}


register.simple_tag(date_range, name="date_range")
register.simple_tag(footer_html, name="site_footer")


@register.simple_tag(takes_context=True)
def record_cards(context, records) -> list[dict]:
    """What each record's card shows, as strings (`record_list.html`).

    Computed here rather than by a template included per card with its own tags: on a listing of 20 cards
    that was most of the page's rendering time.
    """
    request = context.get("request")
    return [
        {
            "url": record.get_url(request=request),
            "title": record.title,
            "record_type": capfirst(record.get_record_type_display()),
            "status": capfirst(STATUS_LABELS.get(record.status, record.status)),
            "lead": record.lead,
            "when": date_range(record.starts_at, record.ends_at) if record.starts_at or record.ends_at else "",
            "districts": ", ".join(str(district) for district in record.districts.all()),
        }
        for record in records
    ]


@register.simple_tag
def cards_list(cards, show_type=False) -> str:
    return cards_html(cards, show_type=bool(show_type))


@register.filter
def checkbox_choices(field) -> list[dict]:
    """The boxes of a multiple-choice field, numbered and ticked as Django's CheckboxSelectMultiple does.

    Django's widget builds an object with its own attributes per box; a listing's filters have dozens of boxes.
    """
    ticked = {str(value) for value in field.value() or ()}
    auto_id = field.auto_id
    boxes = []
    for index, (value, label) in enumerate(field.field.choices):
        value, label = str(value), str(label)  # translated once; `capfirst` of a plain string skips its lazy-text wrapper
        boxes.append({"value": value, "id": f"{auto_id}_{index}", "label": label[:1].upper() + label[1:], "checked": value in ticked})
    return boxes


CHECKBOX = '<li><input type="checkbox" name="{name}" value="{value}" id="{id}"{checked}{invalid}> <label for="{id}">{label}</label></li>'


@register.simple_tag
def checkboxes(field) -> str:
    """A checkbox group's boxes (`checkbox_choices`) as one string: a listing's filters have dozens of boxes, and template
    nodes per box and attribute cost more than the rest of the filter form."""
    name, invalid = escaped(field.html_name), ' aria-invalid="true"' if field.errors else ""
    return mark_safe("".join(  # noqa: S308 – every value escaped (plain strings from `checkbox_choices`)
        CHECKBOX.format(name=name, value=html.escape(box["value"]), id=html.escape(box["id"]), checked=" checked" if box["checked"] else "",
                        invalid=invalid, label=html.escape(box["label"]))
        for box in checkbox_choices(field)
    ))


@register.simple_tag
def field_errors(field) -> str:
    """A field's messages, linked from its input by `aria-describedby` (`{auto_id}_error`); empty without errors, and
    for a field the form does not have (a template's variable that resolved to nothing)."""
    if not getattr(field, "errors", None):
        return ""
    items = "".join(f"<li>{escaped(error)}</li>" for error in field.errors)
    return mark_safe(f'<ul class="field-errors" id="{escaped(field.auto_id)}_error">{items}</ul>')  # noqa: S308 – escaped


@register.simple_tag
def text_field(field) -> str:
    """A single input with its label and messages (Django adds aria-invalid and aria-describedby for the errors, and
    `field_widget` writes them as Django's widget would). Written here, not by an included template: a listing's
    filter form has four of them, and template nodes per field cost more than the field itself."""
    return mark_safe(  # noqa: S308 – every part escaped
        f'<div class="form-field">\n  <label for="{escaped(field.id_for_label)}">{escaped(field.label)}</label>\n'
        f"  {field_errors(field)}\n  {field_widget(field)}\n</div>"
    )


@register.simple_tag
def checkbox_group(field) -> str:
    """A multiple-choice filter: a fieldset of checkboxes, folded away until it is used (long lists, small screens)."""
    errors = field_errors(field)
    described = f' aria-describedby="{escaped(field.auto_id)}_error"' if errors else ""
    label = escaped(field.label)
    return mark_safe(  # noqa: S308 – every part escaped
        f'<details class="filter-group"{" open" if field.value() or errors else ""}>\n  <summary>{label}</summary>\n'
        f'  <fieldset{described}>\n    <legend class="visually-hidden">{label}</legend>\n    {errors}\n'
        f'    <ul class="checkboxes">\n      {checkboxes(field)}\n    </ul>\n  </fieldset>\n</details>'
    )


# Widgets `field_widget` writes itself; every other widget is left to Django.
PLAIN_INPUTS = (forms.TextInput, forms.SearchInput, forms.EmailInput, forms.DateInput)


@register.simple_tag
def field_widget(field) -> str:
    """`{{ field }}` for a text, date or select input: the same attributes in the same order, escaped the same way, without
    rendering two or three of Django's widget templates per input (a listing's filter form has four inputs)."""
    widget = field.field.widget
    if type(widget) not in (*PLAIN_INPUTS, forms.Select) or field.field.disabled or field.field.localize:
        return str(field)
    attrs = {**widget.attrs, **field.build_widget_attrs({})}
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    written = "".join(f" {name}" if value is True else f' {name}="{escaped(value)}"' for name, value in attrs.items() if value is not False)
    value = widget.format_value(field.value())
    name = escaped(field.html_name)
    if type(widget) is not forms.Select:
        value_attr = "" if value is None else f' value="{escaped(value)}"'
        return mark_safe(f'<input type="{escaped(widget.input_type)}" name="{name}"{value_attr}{written}>')  # noqa: S308 – escaped
    chosen = set(value)
    options = []
    for option_value, label in field.field.choices:
        if isinstance(label, (list, tuple)):  # option groups
            return str(field)
        option_value = "" if option_value is None else str(option_value)
        selected = " selected" if option_value in chosen else ""
        options.append(f'\n  <option value="{escaped(option_value)}"{selected}>{escaped(label)}</option>\n')
    return mark_safe(f'<select name="{name}"{written}>{"".join(options)}\n</select>')  # noqa: S308 – escaped


@register.inclusion_tag("portal/includes/pagination.html", takes_context=True)
def pagination(context, page_obj) -> dict:
    """Links to neighbouring pages of results that keep the filters of the current address."""
    query = context["request"].GET.copy()

    def url(number: int) -> str:
        query["page"] = number
        return "?" + query.urlencode()

    items = []
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1):
        # A gap is the paginator's ELLIPSIS, a lazy translation: told apart by type rather than translated per comparison.
        is_page = isinstance(number, int)
        items.append({"number": number, "url": url(number) if is_page else "", "current": is_page and number == page_obj.number})
    return {
        "page_obj": page_obj,
        "items": items,
        "previous_url": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@register.simple_tag(takes_context=True)
def event_json_ld(context, event) -> str:
    request = context["request"]
    data = event_data(
        event,
        url=event.get_full_url(request),
        organiser_name=Branding.for_request(request).organisation_name,
        language=get_language(),
    )
    return json_ld_script(data)
