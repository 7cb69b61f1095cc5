"""Interface strings: complete Polish everywhere, Ukrainian for what residents see, catalogues without gaps."""

from pathlib import Path
from urllib.parse import urlencode

import django
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from catalog.filters import RecordFilterForm
from catalog.models import CampaignKind, CatalogPage, ConsultationPage, EventType, OfferKind
from catalog.statuses import Status
from core.management.commands.compiletranslations import project_catalogues
from core.models import Branding
from directory.models import OrganisationKind

CATALOGUES = project_catalogues(Path(settings.BASE_DIR))
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _label_id(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


@pytest.mark.parametrize("app", ["core", "directory", "catalog"])
@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_domain_app_has_polish_and_ukrainian_catalogues(app, language):
    assert Path(settings.BASE_DIR, app, "locale", language, "LC_MESSAGES", "django.po") in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=_label_id)
def test_catalogue_has_no_empty_or_fuzzy_translations(path):
    catalogue = _read(path)
    assert not catalogue.fuzzy, "the header is marked fuzzy; msgfmt would drop it"
    gaps = [
        message.id
        for message in catalogue
        if message.id
        and (message.fuzzy or not (all(message.string) if message.pluralizable else message.string))
    ]
    assert gaps == []


@pytest.mark.parametrize("path", CATALOGUES, ids=_label_id)
def test_catalogue_placeholders_and_plural_forms_are_right(path):
    """Placeholders survive translation, and plural rules are Django's for the language."""
    catalogue = _read(path)
    language = path.parent.parent.name
    django_catalogue = _read(DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po")
    assert catalogue.num_plurals == django_catalogue.num_plurals
    assert catalogue.plural_expr.replace(" ", "") == django_catalogue.plural_expr.replace(" ", "")
    # Babel's checkers: python-format placeholders and the number of plural forms of every message.
    assert [(message.id, errors) for message, errors in catalogue.check()] == []


RESIDENT_LABELS = {
    "status": Status.OPEN.label,
    "closed status": Status.CLOSED.label,
    "report status": Status.REPORT_PUBLISHED.label,
    "event type": EventType.RESEARCH_WALK.label,
    "other event type": EventType.OTHER.label,
    "offer kind": OfferKind.TRAINING.label,
    "campaign kind": CampaignKind.SOCIAL.label,
    "record type": ConsultationPage._meta.verbose_name,
    "district filter": RecordFilterForm.base_fields["district"].label,
    "date filter": RecordFilterForm.base_fields["date_from"].label,
}


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "pl",
            {
                "status": "otwarte",
                "closed status": "zamknięte – oczekuje na raport",
                "report status": "raport opublikowany",
                "event type": "spacer badawczy",
                "other event type": "inne",
                "offer kind": "szkolenie",
                "campaign kind": "kampania społeczna",
                "record type": "konsultacje",
                "district filter": "Dzielnica",
                "date filter": "Od",
            },
        ),
        (
            "uk",
            {
                "status": "відкрито",
                "closed status": "закрито – очікує на звіт",
                "report status": "звіт опубліковано",
                "event type": "дослідницька прогулянка",
                "other event type": "інше",
                "offer kind": "тренінг",
                "campaign kind": "соціальна кампанія",
                "record type": "консультації",
                "district filter": "Район",
                "date filter": "Від",
            },
        ),
    ],
)
def test_labels_residents_see_are_translated(compiled_translations, language, expected):
    with translation.override(language):
        assert {key: str(label) for key, label in RESIDENT_LABELS.items()} == expected


def test_same_english_word_gets_the_right_polish_gender(compiled_translations):
    """"other" is an organisation kind (feminine) and an event type (neuter): message contexts keep them apart."""
    with translation.override("pl"):
        assert (str(OrganisationKind.OTHER.label), str(EventType.OTHER.label)) == ("inna", "inne")


def _resident_visible_texts() -> list[str]:
    """Every choice label, record type name and filter text a resident can meet on the portal."""
    texts = [label for choices in (Status, EventType, OfferKind, CampaignKind) for label in choices.labels]
    for record_type in CatalogPage.__subclasses__():
        texts += [record_type._meta.verbose_name, record_type._meta.verbose_name_plural]
    for field in RecordFilterForm.base_fields.values():
        texts += [field.label, *(field.error_messages[key] for key in ("invalid_choice", "invalid") if key in field.error_messages)]
    return texts


def test_everything_residents_see_has_a_ukrainian_translation(compiled_translations):
    texts = _resident_visible_texts()
    with translation.override("en"):
        english = [str(text) for text in texts]
    with translation.override("uk"):
        ukrainian = [str(text) for text in texts]
    untranslated = [text for text, translated in zip(english, ukrainian, strict=True) if text == translated]
    assert untranslated == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, message",
    [("pl", "Nie ma dzielnicy „nieistniejaca”."), ("uk", "Немає району «nieistniejaca».")],
)
def test_filter_form_errors_are_in_the_residents_language(compiled_translations, language, message):
    with translation.override(language):
        form = RecordFilterForm(QueryDict(urlencode({"district": "nieistniejaca"})))
        assert not form.is_valid()
        assert form.errors["district"] == [message]


def test_model_validation_errors_are_polish(compiled_translations):
    with pytest.raises(ValidationError) as error:
        Branding(primary_colour="#FFFF00").clean()
    with translation.override("pl"):
        assert error.value.message_dict["primary_colour"] == [
            "Kontrast tego koloru z białym tekstem jest mniejszy niż 4,5:1; wybierz ciemniejszy kolor."
        ]


# Our msgids that deliberately translate differently from Wagtail's or Django's own catalogues.
# Catalogues are merged: any other such msgid would silently rename buttons of Wagtail's admin
# (e.g. our "Actions" = "Działania" turned Wagtail's "Akcje" menu button into "Działania").
DELIBERATE_OVERRIDES = {
    "label", "site name", "Creating…", "Copied", "Import", "Notifications", "Sort by", "content", "Page not found",
    "Skip to main content", "Breadcrumbs",
}


def test_our_catalogues_do_not_rename_wagtail_or_django_strings():
    site_packages = Path(django.__file__).parent.parent
    theirs: dict[str, set[str]] = {}
    for path in [*site_packages.glob("wagtail/**/locale/pl/LC_MESSAGES/django.po"), *site_packages.glob("django/**/locale/pl/LC_MESSAGES/django.po")]:
        for message in _read(path):
            if message.id and not message.context and isinstance(message.id, str) and message.string:
                theirs.setdefault(message.id, set()).add(message.string)
    clashes = [
        (str(path.relative_to(settings.BASE_DIR)), message.id, message.string, sorted(theirs[message.id]))
        for path in CATALOGUES if path.parent.parent.name == "pl"
        for message in _read(path)
        if message.id and not message.context and isinstance(message.id, str) and message.id in theirs
        and message.string not in theirs[message.id] and message.id not in DELIBERATE_OVERRIDES
    ]
    assert clashes == [], "give these msgids a context (pgettext) or add them to DELIBERATE_OVERRIDES"


def test_our_catalogues_translate_each_msgid_one_way():
    """Django merges every app's catalogue and the first app in INSTALLED_APPS wins: a msgid two of our apps
    translate differently shows one app's word in the other's screens ("text" became "treść" on consultations)."""
    translations: dict[str, dict[str, list[str]]] = {}
    for path in CATALOGUES:
        if path.parent.parent.name != "pl":
            continue
        app = str(path.relative_to(settings.BASE_DIR)).split("/")[0]
        for message in _read(path):
            if message.id and not message.context and message.string:
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                string = message.string if isinstance(message.string, str) else message.string[0]
                translations.setdefault(msgid, {}).setdefault(string, []).append(app)
    clashes = {msgid: strings for msgid, strings in translations.items() if len(strings) > 1}
    assert clashes == {}, "translate these the same way in every app, or give them a context (pgettext)"
