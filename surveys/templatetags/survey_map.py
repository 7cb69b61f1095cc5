"""The optional map of a place question: a progressive enhancement over its address, district and coordinate fields.

The map is drawn by `surveys/static/surveys/map.js` with Leaflet (vendored in `surveys/static/surveys/vendor/leaflet/`)
from data attributes these tags write; without JavaScript, or while `DIALOG_MAP_TILES_URL` is empty, there is no map
and the fields work alone. Reading settings only, the tags add no query to a page.
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.formats import get_format

register = template.Library()


def map_is_on() -> bool:
    return bool(settings.DIALOG_MAP_TILES_URL)


def _asks_for_a_place(form) -> bool:
    return any(question["kind"] == "map" for question, _condition in form.shown)


@register.inclusion_tag("surveys/includes/map_assets.html")
def survey_map_assets(form=None, pages=()) -> dict:
    """Leaflet's style sheet and script and map.js, only if the map is on and a shown page (`form`, or every form of a
    preview's `pages`) asks for a place: other survey pages load nothing more."""
    forms = [form] if form is not None else [page_form for *_rest, page_form in pages]
    return {"needed": map_is_on() and any(_asks_for_a_place(page_form) for page_form in forms)}


@register.simple_tag
def survey_map_settings() -> dict | None:
    """What map.js needs, as strings for data attributes; None while the map is off."""
    if not map_is_on():
        return None
    south, west, north, east = settings.DIALOG_SURVEY_MAP_BOUNDS
    latitude, longitude = settings.DIALOG_MAP_CENTER
    return {
        "tiles": settings.DIALOG_MAP_TILES_URL,
        "attribution": settings.DIALOG_MAP_ATTRIBUTION,
        "center": f"{latitude},{longitude}",
        "zoom": str(settings.DIALOG_MAP_ZOOM),
        "bounds": f"{south},{west},{north},{east}",
        "decimal_separator": get_format("DECIMAL_SEPARATOR"),  # typed and filled coordinates as the form reads them
        "marker_icon": static("surveys/vendor/leaflet/images/marker-icon.png"),
        "marker_icon_2x": static("surveys/vendor/leaflet/images/marker-icon-2x.png"),
        "marker_shadow": static("surveys/vendor/leaflet/images/marker-shadow.png"),
    }
