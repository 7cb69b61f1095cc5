"""The registry of question types: each knows its settings, its form fields, how it validates, stores and reads out.

A question here is the frozen dict of a `SurveyVersion` (`key`, `code`, `page`, `kind`, `text`, `help_text`,
`required`, `config`, `show_if`). Form fields are named `q_<code>` (and `q_<code>_<part>` for types with several
inputs), so a form only ever reads the fields it built; a missing one is simply "no answer", and a sent name under
the prefix that none of the page's questions builds makes the page invalid (`forms.SurveyPageForm`). `value()`
returns the answer in the type's JSON shape, or None for "not answered".
"""

import datetime
import json
import secrets
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

OTHER = "__other__"
DEFAULT_TEXT_LENGTH = 2000
OTHER_TEXT_LENGTH = 300
ANSWER_TEXT_LENGTH = 5000  # an answer's stored text; its value keeps the whole answer
# What a file question may accept: extension → (the bytes a real file of that kind starts with, its MIME type).
FILE_TYPES = {
    "pdf": ((b"%PDF-",), "application/pdf"),
    "jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    "odt": ((b"PK\x03\x04",), "application/vnd.oasis.opendocument.text"),
    "docx": ((b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
EXTENSION_ALIASES = {"jpeg": "jpg"}
UPLOAD_DIR = "surveys/uploads"

MESSAGES = {
    "required": _("Answer the question “%(question)s”."),
    "other_text": _("Describe your answer “other” in the question “%(question)s”."),
    "too_few": ngettext_lazy(
        "Choose at least %(count)d answer in the question “%(question)s”.",
        "Choose at least %(count)d answers in the question “%(question)s”.", "count",
    ),
    "too_many": ngettext_lazy(
        "Choose at most %(count)d answer in the question “%(question)s”.",
        "Choose at most %(count)d answers in the question “%(question)s”.", "count",
    ),
    "invalid_choice": _("Choose one of the answers given in the question “%(question)s”."),
    "max_length": ngettext_lazy(
        "Shorten the answer to “%(question)s” to at most %(count)d character.",
        "Shorten the answer to “%(question)s” to at most %(count)d characters.", "count",
    ),
    "number": _("Enter a number in the question “%(question)s”, e.g. 12 or 3,5."),
    "whole_number": _("Enter a whole number in the question “%(question)s”."),
    "number_range": _("Enter a number from %(min)s to %(max)s in the question “%(question)s”."),
    "date": _("Enter a date in the question “%(question)s”, e.g. 15.03.2026."),
    "date_range": _("Enter a date from %(min)s to %(max)s in the question “%(question)s”."),
    "ranking": _("Give every option a different place in the question “%(question)s”."),
    "ranking_partial": _("Give a place to every option, or to none, in the question “%(question)s”."),
    "matrix_row": _("Answer the row “%(row)s” in the question “%(question)s”."),
    "file_type": _("The file for “%(question)s” must be one of: %(types)s."),
    "file_size": _("The file for “%(question)s” may be at most %(size)s MB."),
    "file_empty": _("The file for “%(question)s” is empty."),
    "coordinates": _("Give both latitude and longitude, or neither, in the question “%(question)s”."),
    "outside": _("The point in the question “%(question)s” lies outside the city."),
}


def message(code: str, question: dict, **params) -> str:
    return str(MESSAGES[code] % {"question": question["text"], **params})


FIELD_PREFIX = "q_"  # every answer field's name starts with it; no other field of a survey form's does


def field_name(question: dict, part: str = "") -> str:
    return f"{FIELD_PREFIX}{question['code']}" + (f"_{part}" if part else "")


def _choices(config: dict) -> list[str]:
    return [str(choice) for choice in config.get("choices", [])]


def _config_errors_choices(config: dict, *, minimum: int = 2) -> list[str]:
    choices = config.get("choices")
    if not isinstance(choices, list) or len(choices) < minimum or not all(isinstance(c, str) and c.strip() for c in choices):
        return [str(_("Give “choices”: a list of at least %(count)d answers, e.g. [\"tak\", \"nie\"].") % {"count": minimum})]
    if len(set(choices)) != len(choices):
        return [str(_("The answers in “choices” must differ."))]
    return []


def _positive_int(config: dict, name: str) -> bool:
    value = config.get(name)
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


class QuestionType:
    kind = ""
    label = ""
    template = ""
    config_example = "{}"

    def validate_config(self, config: dict) -> list[str]:
        return []

    def fields(self, question: dict) -> dict[str, forms.Field]:
        raise NotImplementedError

    def value(self, question: dict, cleaned: dict):
        """The answer from the cleaned fields, or None; raises ValidationError(message, params={"field": name})."""
        raise NotImplementedError

    def initial(self, question: dict, value) -> dict:
        return {field_name(question): value}

    def text(self, question: dict, value) -> str:
        return str(value)

    def category(self, question: dict, value) -> str:
        """What the results count this answer under: a choice, a scale point, a district, or the JSON text of several
        (a multiple choice's choices, a ranking, a matrix's {row: column}); "" for an answer counted under none."""
        return ""

    def is_other(self, value) -> bool:
        return False

    def number(self, value) -> float | None:
        """The answer as a number for a mean, or None."""
        return None

    def matches(self, question: dict, value, expected: str) -> bool:
        """Whether the answer equals `expected` (conditions "show if … is answered with …")."""
        return self.text(question, value) == expected


class Refusal(ValidationError):
    """A validation error that knows which field it belongs to (for the error summary's link)."""

    def __init__(self, text: str, field: str):
        super().__init__(text)
        self.field = field


class SingleChoice(QuestionType):
    kind, label, template = "single", _("single choice"), "surveys/questions/choices.html"
    config_example = '{"choices": ["tak", "nie"], "other": true}'

    def validate_config(self, config):
        return _config_errors_choices(config)

    def _options(self, question):
        options = [(choice, choice) for choice in _choices(question["config"])]
        if question["config"].get("other"):
            options.append((OTHER, str(pgettext_lazy("survey answer", "Other"))))
        return options

    def fields(self, question):
        fields = {field_name(question): forms.ChoiceField(choices=self._options(question), required=False, widget=forms.RadioSelect)}
        if question["config"].get("other"):
            fields[field_name(question, "other")] = forms.CharField(required=False, max_length=OTHER_TEXT_LENGTH, strip=True)
        return fields

    def value(self, question, cleaned):
        choice = cleaned.get(field_name(question))
        if not choice:
            return None
        if choice == OTHER:
            other = cleaned.get(field_name(question, "other"), "")
            if not other:
                raise Refusal(message("other_text", question), field_name(question, "other"))
            return {"other": other}
        return {"choice": choice}

    def initial(self, question, value):
        if value is None:
            return {}
        if "other" in value:
            return {field_name(question): OTHER, field_name(question, "other"): value["other"]}
        return {field_name(question): value["choice"]}

    def text(self, question, value):
        return value.get("choice") or value.get("other", "")

    def category(self, question, value):
        return value.get("choice", "")  # an "other" text is counted as "Other", not under itself

    def is_other(self, value):
        return "other" in value


class MultipleChoice(SingleChoice):
    kind, label = "multiple", _("multiple choice")
    config_example = '{"choices": ["A", "B", "C"], "min": 1, "max": 2, "other": true}'

    def validate_config(self, config):
        errors = _config_errors_choices(config)
        if not (_positive_int(config, "min") and _positive_int(config, "max")):
            errors.append(str(_("“min” and “max” must be whole numbers.")))
        elif config.get("min") and config.get("max") and config["min"] > config["max"]:
            errors.append(str(_("“min” cannot be larger than “max”.")))
        return errors

    def fields(self, question):
        fields = super().fields(question)
        fields[field_name(question)] = forms.MultipleChoiceField(
            choices=self._options(question), required=False, widget=forms.CheckboxSelectMultiple,
        )
        return fields

    def value(self, question, cleaned):
        chosen = cleaned.get(field_name(question)) or []
        if not chosen:
            return None
        config = question["config"]
        if config.get("min") and len(chosen) < config["min"]:
            raise Refusal(message("too_few", question, count=config["min"]), field_name(question))
        if config.get("max") and len(chosen) > config["max"]:
            raise Refusal(message("too_many", question, count=config["max"]), field_name(question))
        value = {"choices": [choice for choice in chosen if choice != OTHER]}
        if OTHER in chosen:
            other = cleaned.get(field_name(question, "other"), "")
            if not other:
                raise Refusal(message("other_text", question), field_name(question, "other"))
            value["other"] = other
        return value

    def initial(self, question, value):
        if value is None:
            return {}
        chosen = list(value["choices"]) + ([OTHER] if "other" in value else [])
        return {field_name(question): chosen, field_name(question, "other"): value.get("other", "")}

    def text(self, question, value):
        return "; ".join([*value["choices"], *([value["other"]] if "other" in value else [])])

    def category(self, question, value):
        return json.dumps(value["choices"], ensure_ascii=False)

    def matches(self, question, value, expected):
        return expected in value["choices"] or value.get("other") == expected


class Scale(QuestionType):
    kind, label, template = "scale", _("scale (Likert)"), "surveys/questions/choices.html"
    config_example = '{"min": 1, "max": 5, "min_label": "zdecydowanie nie", "max_label": "zdecydowanie tak"}'

    def validate_config(self, config):
        low, high = config.get("min", 1), config.get("max", 5)
        if not (isinstance(low, int) and isinstance(high, int)) or not 0 <= low < high <= low + 10:
            return [str(_("“min” and “max” must be whole numbers, “min” smaller, at most 11 points."))]
        return []

    def _options(self, question):
        config = question["config"]
        low, high = config.get("min", 1), config.get("max", 5)
        options = []
        for point in range(low, high + 1):
            label = str(point)
            if point == low and config.get("min_label"):
                label = f"{point} – {config['min_label']}"
            elif point == high and config.get("max_label"):
                label = f"{point} – {config['max_label']}"
            options.append((str(point), label))
        return options

    def fields(self, question):
        return {field_name(question): forms.ChoiceField(choices=self._options(question), required=False, widget=forms.RadioSelect)}

    def value(self, question, cleaned):
        point = cleaned.get(field_name(question))
        return int(point) if point else None

    def initial(self, question, value):
        return {} if value is None else {field_name(question): str(value)}

    def category(self, question, value):
        return str(value)

    def number(self, value):
        return float(value)


class Ranking(QuestionType):
    kind, label, template = "ranking", pgettext_lazy("question type", "ranking"), "surveys/questions/ranking.html"
    config_example = '{"choices": ["zieleń", "parkingi", "ścieżki rowerowe"]}'

    def validate_config(self, config):
        return _config_errors_choices(config)

    def fields(self, question):
        choices = _choices(question["config"])
        places = [("", "—")] + [(str(n), str(n)) for n in range(1, len(choices) + 1)]
        return {
            field_name(question, str(index)): forms.TypedChoiceField(choices=places, coerce=int, empty_value=None, required=False)
            for index, _choice in enumerate(choices)
        }

    def value(self, question, cleaned):
        choices = _choices(question["config"])
        places = [cleaned.get(field_name(question, str(index))) for index in range(len(choices))]
        given = [place for place in places if place is not None]
        if not given:
            return None
        first_empty = next((index for index, place in enumerate(places) if place is None), None)
        if first_empty is not None:
            raise Refusal(message("ranking_partial", question), field_name(question, str(first_empty)))
        if len(set(given)) != len(given):
            raise Refusal(message("ranking", question), field_name(question, "0"))
        return [choice for _place, choice in sorted(zip(places, choices, strict=True))]

    def initial(self, question, value):
        if value is None:
            return {}
        choices = _choices(question["config"])
        return {field_name(question, str(choices.index(c))): str(place) for place, c in enumerate(value, 1) if c in choices}

    def text(self, question, value):
        return " > ".join(value)

    def category(self, question, value):
        return json.dumps(value, ensure_ascii=False)


class Matrix(QuestionType):
    kind, label, template = "matrix", _("matrix (rows × columns)"), "surveys/questions/matrix.html"
    config_example = '{"rows": ["czystość", "oświetlenie"], "columns": ["źle", "średnio", "dobrze"]}'

    def validate_config(self, config):
        rows = _config_errors_choices({"choices": config.get("rows")}, minimum=1)
        columns = _config_errors_choices({"choices": config.get("columns")})
        return [text.replace("choices", "rows") for text in rows] + [text.replace("choices", "columns") for text in columns]

    def fields(self, question):
        columns = [(column, column) for column in question["config"]["columns"]]
        return {
            field_name(question, str(index)): forms.ChoiceField(choices=columns, required=False, widget=forms.RadioSelect)
            for index, _row in enumerate(question["config"]["rows"])
        }

    def value(self, question, cleaned):
        rows = question["config"]["rows"]
        answers = {row: cleaned.get(field_name(question, str(index))) for index, row in enumerate(rows)}
        if not any(answers.values()):
            return None
        if question["required"]:
            for index, row in enumerate(rows):
                if not answers[row]:
                    raise Refusal(message("matrix_row", question, row=row), field_name(question, str(index)))
        return {row: column for row, column in answers.items() if column}

    def initial(self, question, value):
        if value is None:
            return {}
        rows = question["config"]["rows"]
        return {field_name(question, str(rows.index(row))): column for row, column in value.items() if row in rows}

    def text(self, question, value):
        return "; ".join(f"{row}: {column}" for row, column in value.items())

    def category(self, question, value):
        return json.dumps(value, ensure_ascii=False)


class OpenText(QuestionType):
    kind, label, template = "text", _("open text"), "surveys/questions/single_input.html"
    config_example = '{"max_length": 1000, "multiline": true}'

    def validate_config(self, config):
        length = config.get("max_length", DEFAULT_TEXT_LENGTH)
        if not isinstance(length, int) or not 1 <= length <= 10000:
            return [str(_("“max_length” must be a whole number from 1 to 10000."))]
        return []

    def fields(self, question):
        config = question["config"]
        length = config.get("max_length", DEFAULT_TEXT_LENGTH)
        widget = forms.Textarea(attrs={"rows": 5}) if config.get("multiline", length > 200) else forms.TextInput
        field = forms.CharField(required=False, max_length=length, widget=widget)
        field.error_messages["max_length"] = message("max_length", question, count=length)
        return {field_name(question): field}

    def value(self, question, cleaned):
        return cleaned.get(field_name(question)) or None


class Number(QuestionType):
    kind, label, template = "number", pgettext_lazy("question type", "number"), "surveys/questions/single_input.html"
    config_example = '{"min": 0, "max": 120, "integer": true}'

    def validate_config(self, config):
        for name in ("min", "max"):
            if name in config and (isinstance(config[name], bool) or not isinstance(config[name], int | float)):
                return [str(_("“min” and “max” must be numbers."))]
        return []

    def fields(self, question):
        field = forms.DecimalField(required=False, max_digits=15, decimal_places=4, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        for code in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"):
            field.error_messages[code] = message("number", question)
        return {field_name(question): field}

    def value(self, question, cleaned):
        number = cleaned.get(field_name(question))
        if number is None:
            return None
        config = question["config"]
        low, high = config.get("min"), config.get("max")
        if (low is not None and number < Decimal(str(low))) or (high is not None and number > Decimal(str(high))):
            raise Refusal(message("number_range", question, min=low if low is not None else "…", max=high if high is not None else "…"), field_name(question))
        if config.get("integer"):
            if number != number.to_integral_value():
                raise Refusal(message("whole_number", question), field_name(question))
            return int(number)
        return format(number.normalize(), "f")

    def initial(self, question, value):
        return {} if value is None else {field_name(question): Decimal(str(value))}

    def number(self, value):
        return float(value)


class Date(QuestionType):
    kind, label, template = "date", pgettext_lazy("question type", "date"), "surveys/questions/single_input.html"
    config_example = '{"min": "2026-01-01", "max": "2026-12-31"}'

    def validate_config(self, config):
        try:
            for name in ("min", "max"):
                if name in config:
                    datetime.date.fromisoformat(config[name])
        except (TypeError, ValueError):
            return [str(_("“min” and “max” must be dates written as YYYY-MM-DD."))]
        return []

    def fields(self, question):
        field = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                input_formats=["%Y-%m-%d", "%d.%m.%Y"])
        field.error_messages["invalid"] = message("date", question)
        return {field_name(question): field}

    def value(self, question, cleaned):
        day = cleaned.get(field_name(question))
        if day is None:
            return None
        config = question["config"]
        low = datetime.date.fromisoformat(config["min"]) if config.get("min") else None
        high = datetime.date.fromisoformat(config["max"]) if config.get("max") else None
        if (low and day < low) or (high and day > high):
            raise Refusal(message(
                "date_range", question, min=date_format(low, "j E Y") if low else "…", max=date_format(high, "j E Y") if high else "…",
            ), field_name(question))
        return day.isoformat()

    def initial(self, question, value):
        return {} if value is None else {field_name(question): datetime.date.fromisoformat(value)}

    def text(self, question, value):
        return date_format(datetime.date.fromisoformat(value), "j E Y")


def _district_choices() -> list[tuple[str, str]]:
    """Made once per request from the catalog's districts (`catalog.filters.reference_objects`, held by the process):
    a page's district and map questions, and their checks, all need the list."""
    from catalog.filters import reference_objects
    from core.models import District
    from core.request_memo import memoised

    return memoised(
        "surveys.district_choices",
        lambda: [("", "—")] + [(str(district.pk), district.name) for district in reference_objects(District)],
    )


def _district_names() -> dict[str, str]:
    """District id (as sent) → name, from the same list, once per request."""
    from core.request_memo import memoised

    return memoised("surveys.district_names", lambda: dict(_district_choices()))


class DistrictChoiceField(forms.ChoiceField):
    """A choice of the districts as they are now; a sent id is looked up, not compared with every choice in turn
    (Django walks a callable's choices anew, normalising each, for every value it checks)."""

    def __init__(self, **kwargs):
        super().__init__(choices=_district_choices, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value) in _district_names()


class DistrictQuestion(QuestionType):
    kind, label, template = "district", pgettext_lazy("question type", "district"), "surveys/questions/single_input.html"

    def fields(self, question):
        return {field_name(question): DistrictChoiceField(required=False)}

    def value(self, question, cleaned):
        chosen = cleaned.get(field_name(question))
        if not chosen:
            return None
        return {"id": int(chosen), "name": _district_names()[chosen]}

    def initial(self, question, value):
        return {} if value is None else {field_name(question): str(value["id"])}

    def text(self, question, value):
        return value["name"]

    def category(self, question, value):
        return value["name"]


class MapPoint(QuestionType):
    """A place: an address or a district, and optionally exact coordinates. No map tiles are needed to answer; a
    map, where there is one, only fills the coordinates."""

    kind, label, template = "map", _("place (address, district or map point)"), "surveys/questions/map.html"

    def fields(self, question):
        def coordinate():
            field = forms.DecimalField(required=False, max_digits=9, decimal_places=6, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            field.error_messages["invalid"] = message("number", question)
            for code in ("max_digits", "max_decimal_places", "max_whole_digits"):
                field.error_messages[code] = message("number", question)
            return field

        return {
            field_name(question, "address"): forms.CharField(required=False, max_length=200),
            field_name(question, "district"): DistrictChoiceField(required=False),
            field_name(question, "lat"): coordinate(),
            field_name(question, "lng"): coordinate(),
        }

    def value(self, question, cleaned):
        address = cleaned.get(field_name(question, "address")) or ""
        district = cleaned.get(field_name(question, "district")) or ""
        lat, lng = cleaned.get(field_name(question, "lat")), cleaned.get(field_name(question, "lng"))
        if (lat is None) != (lng is None):
            raise Refusal(message("coordinates", question), field_name(question, "lat" if lat is None else "lng"))
        if lat is not None:
            south, west, north, east = settings.DIALOG_SURVEY_MAP_BOUNDS
            if not (Decimal(str(south)) <= lat <= Decimal(str(north)) and Decimal(str(west)) <= lng <= Decimal(str(east))):
                raise Refusal(message("outside", question), field_name(question, "lat"))
        if not (address or district or lat is not None):
            return None
        value = {"address": address}
        if district:
            value["district"] = {"id": int(district), "name": _district_names()[district]}
        if lat is not None:
            value["lat"], value["lng"] = format(lat, "f"), format(lng, "f")
        return value

    def initial(self, question, value):
        if value is None:
            return {}
        return {
            field_name(question, "address"): value.get("address", ""),
            field_name(question, "district"): str(value["district"]["id"]) if value.get("district") else "",
            field_name(question, "lat"): Decimal(value["lat"]) if "lat" in value else None,
            field_name(question, "lng"): Decimal(value["lng"]) if "lng" in value else None,
        }

    def text(self, question, value):
        parts = [value.get("address", ""), value.get("district", {}).get("name", "")]
        if "lat" in value:
            parts.append(f"{value['lat']}, {value['lng']}")
        return "; ".join(part for part in parts if part)

    def category(self, question, value):
        return value.get("district", {}).get("name", "")  # "": counted as "not given"


class FileUpload(QuestionType):
    """A file, checked by extension and by its first bytes, saved under a random name (never the resident's)."""

    kind, label, template = "file", _("file upload"), "surveys/questions/file.html"
    config_example = '{"types": ["pdf", "jpg", "png"], "max_mb": 5}'

    def validate_config(self, config):
        types = config.get("types")
        if not isinstance(types, list) or not types or any(kind not in FILE_TYPES for kind in types):
            return [str(_("“types” must list some of: %(types)s.") % {"types": ", ".join(FILE_TYPES)})]
        size = config.get("max_mb", 5)
        if not isinstance(size, int | float) or not 0 < size <= settings.DIALOG_SURVEY_UPLOAD_MAX_MB:
            return [str(_("“max_mb” must be a number up to %(size)s.") % {"size": settings.DIALOG_SURVEY_UPLOAD_MAX_MB})]
        return []

    def accept(self, question) -> str:
        return ",".join(f".{kind}" for kind in question["config"]["types"])

    def fields(self, question):
        field = forms.FileField(required=False, widget=forms.ClearableFileInput(attrs={"accept": self.accept(question)}))
        field.error_messages["empty"] = message("file_empty", question)
        field.error_messages["invalid"] = message("file_empty", question)
        return {field_name(question): field}

    def check(self, question, upload) -> str:
        """The file's kind if it may be accepted; raises Refusal otherwise. Reads only its first bytes."""
        name = field_name(question)
        config = question["config"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        extension = EXTENSION_ALIASES.get(extension, extension)
        types_text = ", ".join(config["types"])
        if extension not in config["types"]:
            raise Refusal(message("file_type", question, types=types_text), name)
        if upload.size > config.get("max_mb", 5) * 1024 * 1024:
            raise Refusal(message("file_size", question, size=config.get("max_mb", 5)), name)
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in FILE_TYPES[extension][0]):
            raise Refusal(message("file_type", question, types=types_text), name)
        return extension

    def value(self, question, cleaned):
        upload = cleaned.get(field_name(question))
        if not upload:
            return cleaned.get(f"{field_name(question)}__kept")
        extension = self.check(question, upload)
        stored = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}.{extension}", upload)
        return {"file": stored, "name": upload.name[-200:], "size": upload.size, "type": extension}

    def initial(self, question, value):
        return {}

    def text(self, question, value):
        return value["name"]


TYPES: dict[str, QuestionType] = {
    kind.kind: kind
    for kind in (SingleChoice(), MultipleChoice(), Scale(), Ranking(), Matrix(), OpenText(), Number(), Date(),
                 DistrictQuestion(), MapPoint(), FileUpload())
}
CHOICES = [(kind.kind, kind.label) for kind in TYPES.values()]
# Lazy as a whole: adding a lazy string to a str translates it at import, in whatever language is active then.
CONFIG_HELP = format_lazy("{}{}", _("JSON settings of the type. Examples: "), "; ".join(
    f"{kind.kind}: {kind.config_example}" for kind in TYPES.values() if kind.config_example != "{}"
))


def validate_config(kind: str, config) -> list[str]:
    if kind not in TYPES:
        return [str(_("Unknown question type."))]
    if not isinstance(config, dict):
        return [str(_("The settings must be a JSON object, e.g. {}."))]
    return TYPES[kind].validate_config(config)


def condition_met(question: dict, answers: dict[str, object], questions_by_code: dict[str, dict]) -> bool:
    """"Show if question X is answered [with V]": `answers` maps codes to values given so far."""
    condition = question.get("show_if")
    if not condition:
        return True
    value = answers.get(condition["code"])
    if value is None:
        return False
    if not condition.get("value"):
        return True
    source = questions_by_code.get(condition["code"])
    return source is not None and TYPES[source["kind"]].matches(source, value, condition["value"])


def answer_text(question: dict, value) -> str:
    return TYPES[question["kind"]].text(question, value)


def counted_as(question: dict, value) -> dict:
    """What the results count an answer as, fixed when it is stored: a results page then groups plain columns and
    never takes an answer's JSON apart again (surveys.results)."""
    kind = TYPES[question["kind"]]
    return {"category": kind.category(question, value), "other": kind.is_other(value), "number": kind.number(value)}


ANSWER_COLUMNS = ("text", "category", "other", "number")  # the keys `answer_columns` gives, in the INSERT's order


def answer_columns(question: dict, value) -> dict:
    """An answer's stored columns beside its value: the text for reading and search, and `counted_as`."""
    return {"text": answer_text(question, value)[:ANSWER_TEXT_LENGTH], **counted_as(question, value)}
