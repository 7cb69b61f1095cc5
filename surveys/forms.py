"""The form of one page of a survey version, built from the frozen questions, and the last page's participation fields.

Conditions: a question whose condition refers to an earlier page is shown only when that answer allows it; one
whose condition refers to a question on the same page is always shown (no JavaScript hides it) with a note, and
its answer counts — and "required" applies — only if the condition is met once the page is sent.

A page that sends an answer field (a name under `questions.FIELD_PREFIX`) none of its questions builds — a question
of another page or version, or a made-up name — is refused as a whole: nothing of it is kept, not even a file.
The names allowed are those the page's questions build, hidden ones included, so a page drawn before an earlier
answer changed still goes through.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.antibot import AltchaField
from portal.forms import ErrorSummaryMixin

from .questions import DEFAULT_TEXT_LENGTH, FIELD_PREFIX, TYPES, Refusal, condition_met, field_name, message

FOREIGN_QUESTION = _("The form contains a question that is not on this page of the survey. Reload the page and fill it in again.")


class QuestionBlock:
    """What the template needs to draw one question: its bound fields and the ids that describe them."""

    def __init__(self, form, question: dict, same_page_condition: dict | None):
        self.question = question
        self.kind = TYPES[question["kind"]]
        self.template = self.kind.template
        self.fields = [form[name] for name in form.question_fields[question["code"]]]
        self.field = self.fields[0]
        self.parts = {bound.name.removeprefix(field_name(question) + "_"): bound for bound in self.fields}
        self.kept_file = form.earlier.get(question["code"]) if question["kind"] == "file" else None
        self.condition_text = ""
        if same_page_condition:
            source = form.by_code[same_page_condition["code"]]["text"]
            self.condition_text = (
                _("Answer only if you answered “%(answer)s” to the question “%(question)s”.") % {"answer": same_page_condition["value"], "question": source}
                if same_page_condition.get("value") else _("Answer only if you answered the question “%(question)s”.") % {"question": source}
            )
        config = question["config"]
        self.max_length = config.get("max_length", DEFAULT_TEXT_LENGTH) if question["kind"] == "text" else None
        if question["kind"] == "file":
            self.file_types = ", ".join(config["types"])
            self.file_size = config.get("max_mb", 5)
            self.accept = self.kind.accept(question)

    def _ids(self, *extra: str) -> list[str]:
        auto_id = self.field.auto_id
        ids = [f"{auto_id}_helptext"] if self.question["help_text"] else []
        if self.condition_text:
            ids.append(f"{auto_id}_condition")
        ids.extend(f"{auto_id}_{name}" for name in extra)
        return ids

    @property
    def describedby(self) -> str:
        """For a fieldset: hints, and the errors of the group's main field (sub-fields carry their own)."""
        extra = ["how"] if self.question["kind"] == "ranking" else []
        return " ".join(self._ids(*extra) + ([f"{self.field.auto_id}_error"] if self.field.errors else []))

    @property
    def describedby_input(self) -> str:
        extra = {"date": ["format"], "text": ["limit"], "file": ["limit"]}.get(self.question["kind"], [])
        return " ".join(self._ids(*extra) + ([f"{self.field.auto_id}_error"] if self.field.errors else []))

    def widget_html(self):
        describedby = self.describedby_input
        return self.field.as_widget(attrs={"aria-describedby": describedby} if describedby else None)

    def rows(self):
        """Matrix and ranking: (row label, bound field) pairs."""
        labels = self.question["config"].get("rows") or self.question["config"].get("choices") or []
        return list(zip(labels, self.fields, strict=False))


class SurveyPageForm(ErrorSummaryMixin, forms.Form):
    """One page: `answers` (code → value) after `is_valid()`; nothing is written here."""

    def __init__(self, *args, version, page: int | None, earlier: dict | None = None, participation: str = "", **kwargs):
        self.version = version
        self.page = page
        self.earlier = dict(earlier or {})
        self.by_code = {question["code"]: question for question in version.questions}
        # page None: every question on one form (staff typing in a paper response); conditions then act as same-page ones.
        self.page_questions = version.questions if page is None else version.questions_on(page)
        on_page = {question["code"] for question in self.page_questions}
        self.shown: list[tuple[dict, dict | None]] = []
        for question in self.page_questions:
            condition = question.get("show_if")
            if condition and condition["code"] in on_page:
                self.shown.append((question, condition))
            elif condition_met(question, self.earlier, self.by_code):
                self.shown.append((question, None))
        initial = dict(kwargs.pop("initial", None) or {})
        for question, _condition in self.shown:
            if question["code"] in self.earlier:
                initial.update(TYPES[question["kind"]].initial(question, self.earlier[question["code"]]))
        super().__init__(*args, initial=initial, **kwargs)
        self.question_fields: dict[str, list[str]] = {}
        built = page_fields(version, page, self.page_questions)
        self.answer_names = _answer_names(self, built)
        for question, _condition in self.shown:
            self.fields.update(built[question["code"]])
            self.question_fields[question["code"]] = list(built[question["code"]])
        self.participation_fields = []
        for name, make in PARTICIPATION_FIELDS.get(participation, {}).items():
            self.fields[name] = make()
            self.participation_fields.append(self[name])
        self.answers: dict[str, object] = {}
        self.notices: list[str] = []  # problems of the whole attempt, shown in the summary even on a fresh page

    def error_links(self) -> list[tuple[str, str]]:
        """As the portal's, but radio groups too link to their first input."""
        links = [("", str(text)) for text in self.notices]
        links += [("", str(text)) for text in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            grouped = isinstance(bound.field.widget, forms.RadioSelect)  # also CheckboxSelectMultiple
            anchor = f"{bound.auto_id}_0" if grouped else (bound.id_for_label or bound.auto_id)
            links.extend((anchor, str(text)) for text in messages)
        return links

    def _clean_fields(self):
        """Django's, without making a bound field for every field first: a page sends some forty fields, and making
        their bound fields cost as much as cleaning them (a page that comes back with errors still draws from them).

        Like Django's: each widget reads its value from the data, a file field is also given its initial value, and an
        error is added to the field. A form with a disabled field or a `clean_<name>` method (a subclass may add either)
        is cleaned by Django's own, which reads the one's initial value and calls the other.
        """
        if any(field.disabled or hasattr(self, f"clean_{name}") for name, field in self.fields.items()):
            return super()._clean_fields()
        for name, field in self.fields.items():
            value = self._widget_data_value(field.widget, self.add_prefix(name))
            try:
                if isinstance(field, forms.FileField):
                    self.cleaned_data[name] = field.clean(value, self.get_initial_for_field(field, name))
                else:
                    self.cleaned_data[name] = field.clean(value)
            except ValidationError as error:
                self.add_error(name, error)

    def blocks(self) -> list[QuestionBlock]:
        return [QuestionBlock(self, question, condition) for question, condition in self.shown]

    def foreign_answer_names(self) -> list[str]:
        """Sent answer-field names (data or files) that no question of this page builds."""
        prefix = self.add_prefix(FIELD_PREFIX)
        return sorted({name for name in (*self.data, *self.files) if name.startswith(prefix) and name not in self.answer_names})

    def clean(self):
        cleaned = super().clean()
        if self.foreign_answer_names():
            self.add_error(None, ValidationError(FOREIGN_QUESTION, code="foreign_question"))
            return cleaned
        answers = {}
        for question, _condition in self.shown:
            if any(name in self.errors for name in self.question_fields[question["code"]]):
                continue
            kind = TYPES[question["kind"]]
            values = dict(cleaned)
            if question["kind"] == "file" and question["code"] in self.earlier:
                values[f"{field_name(question)}__kept"] = self.earlier[question["code"]]
            try:
                value = kind.value(question, values)
            except Refusal as refusal:
                self.add_error(refusal.field, refusal.messages[0])
                continue
            answers[question["code"]] = value
        # Conditions within the page, then "required", on what was actually sent.
        known = {**self.earlier, **{code: value for code, value in answers.items() if value is not None}}
        for question, condition in self.shown:
            code = question["code"]
            if condition and not condition_met(question, known, self.by_code):
                answers.pop(code, None)
                continue
            if code in answers and answers[code] is None:
                answers.pop(code)
            if question["required"] and code not in answers and not self._has_errors(code):
                self.add_error(self.question_fields[code][0], message("required", question))
        self.answers = answers
        return cleaned

    def _has_errors(self, code: str) -> bool:
        return any(name in self.errors for name in self.question_fields[code])


def page_fields(version, page: int | None, questions: list[dict]) -> dict[str, dict[str, forms.Field]]:
    """Each question's fields (name → field), built once per version, page and language and shared by its forms.

    Building some fifty fields with their choices was the largest part of the CPU a page costs. Sharing them is safe:
    a version never changes, nothing changes a field once built (bound fields and widgets copy what they draw), and
    their texts are fixed in the language they were built for.
    """
    built = version.__dict__.setdefault("_page_fields", {})
    key = (page, get_language())
    if key not in built:
        built[key] = {question["code"]: _question_fields(question) for question in questions}
    return built[key]


def _answer_names(form: forms.Form, built: dict[str, dict[str, forms.Field]]) -> frozenset[str]:
    """Every name the page's questions may send, as their widgets read them (a file input's "clear" box too)."""
    names = set()
    for fields in built.values():
        for name, field in fields.items():
            names.add(form.add_prefix(name))
            if isinstance(field.widget, forms.ClearableFileInput):
                names.add(field.widget.clear_checkbox_name(form.add_prefix(name)))
    return frozenset(names)


def _question_fields(question: dict) -> dict[str, forms.Field]:
    fields = TYPES[question["kind"]].fields(question)
    for field in fields.values():
        field.label = question["text"]
    return fields


def email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        help_text=_("We send a link to confirm your response. We keep only a code made from the address, never the address itself."),
        error_messages={"required": _("Enter your e-mail address."), "invalid": _("Enter an e-mail address like jan.kowalski@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your code from the meeting"), max_length=20,
        help_text=_("It is printed on the slip you received, e.g. K7M-4QX-9TB."),
        error_messages={"required": _("Enter the code from your slip.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


# The last page's fields per participation mode (`Survey.mode`); they are not answers and are never stored as such.
PARTICIPATION_FIELDS = {"open": {"altcha": AltchaField}, "email": {"email": email_field}, "code": {"code": code_field}}
