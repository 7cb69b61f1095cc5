"""The page form's own `_clean_fields` cleans as Django's does: its fast path, and Django's for what the path skips."""

from django import forms
from django.core.exceptions import ValidationError

from surveys.forms import SurveyPageForm
from surveys.models import SurveyVersion

from .conftest import question

QUESTIONS = [question("uwagi", "text", config={"max_length": 50}), question("wiek", "number", config={})]


def page_form(form_class, data):
    return form_class(data, version=SurveyVersion(number=1, questions=QUESTIONS), page=1)


def test_a_plain_page_takes_the_fast_path():
    form = page_form(SurveyPageForm, {"q_uwagi": "Więcej ławek", "q_wiek": "30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["q_uwagi"] == "Więcej ławek"
    assert form._bound_fields_cache == {}  # no bound field made, unlike Django's `_clean_fields`


def test_a_clean_method_of_a_field_is_called():
    class Trimmed(SurveyPageForm):
        def clean_q_uwagi(self):
            value = self.cleaned_data["q_uwagi"]
            if "zakazane" in value:
                raise ValidationError("Bez takich słów.")
            return value.upper()

    form = page_form(Trimmed, {"q_uwagi": "więcej ławek"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["q_uwagi"] == "WIĘCEJ ŁAWEK" and form.answers["uwagi"] == "WIĘCEJ ŁAWEK"
    refused = page_form(Trimmed, {"q_uwagi": "słowo zakazane"})
    assert not refused.is_valid() and refused.errors["q_uwagi"] == ["Bez takich słów."]


def test_a_disabled_field_keeps_its_initial_value_as_in_django():
    class WithSource(SurveyPageForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["zrodlo"] = forms.CharField(disabled=True, initial="papier")

    class Plain(forms.Form):
        zrodlo = forms.CharField(disabled=True, initial="papier")

    data = {"q_uwagi": "więcej ławek", "zrodlo": "podmienione"}
    form = page_form(WithSource, data)
    assert form.is_valid(), form.errors
    django = Plain(data)
    assert django.is_valid()
    assert form.cleaned_data["zrodlo"] == django.cleaned_data["zrodlo"] == "papier"
