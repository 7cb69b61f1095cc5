"""The error summary links every message to an input that exists on the page; fields with their labels and messages."""

import re

from django import forms

from portal.forms import ErrorSummaryMixin
from portal.templatetags.portal_tags import checkbox_group, field_errors, text_field


class ChoicesForm(ErrorSummaryMixin, forms.Form):
    email = forms.EmailField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(choices=[("1", "1"), ("2", "2")], widget=forms.CheckboxSelectMultiple)


def test_error_summary_points_a_group_at_its_first_input():
    form = ChoicesForm({"email": "zły", "days": ["9"]})
    assert not form.is_valid()
    anchors = [anchor for anchor, _ in form.error_links()]
    assert anchors == ["id_email", "id_kind_0", "id_days_0"]
    html = "".join(str(form[name]) for name in ("email", "kind", "days"))
    assert all(re.search(f'<input [^>]*id="{anchor}"', html) for anchor in anchors)


class NoteForm(forms.Form):
    note = forms.CharField(label="Uwaga <ważna>", max_length=5)
    days = forms.MultipleChoiceField(label="Dni", choices=[("1", "Pon"), ("2", "Wt")], widget=forms.CheckboxSelectMultiple, required=False)


def test_a_text_field_has_its_label_its_messages_and_an_input_that_points_at_them():
    form = NoteForm({"note": "<b>za długo</b>", "days": ["1"]})
    assert not form.is_valid()
    html = text_field(form["note"])
    assert html.startswith('<div class="form-field">\n  <label for="id_note">Uwaga &lt;ważna&gt;</label>')
    assert '<ul class="field-errors" id="id_note_error"><li>' in html and "5" in html.split('id="id_note_error"')[1]
    assert 'aria-invalid="true" aria-describedby="id_note_error"' in html and 'value="&lt;b&gt;za długo&lt;/b&gt;"' in html
    assert field_errors(form["days"]) == "" == field_errors("")  # "": what a template variable naming no field gives


def test_a_checkbox_group_opens_when_chosen_or_wrong_and_points_at_its_messages():
    assert " open" not in checkbox_group(NoteForm({})["days"]).split(">")[0]
    chosen = NoteForm({"note": "a", "days": ["2"]})
    assert chosen.is_valid()
    html = checkbox_group(chosen["days"])
    assert html.startswith('<details class="filter-group" open>') and "<fieldset>" in html
    assert '<input type="checkbox" name="days" value="2" id="id_days_1" checked> <label for="id_days_1">Wt</label>' in html
    wrong = NoteForm({"note": "a", "days": ["9"]})
    assert not wrong.is_valid()
    html = checkbox_group(wrong["days"])
    assert html.startswith('<details class="filter-group" open>') and '<fieldset aria-describedby="id_days_error">' in html
    assert '<ul class="field-errors" id="id_days_error"><li>' in html and 'aria-invalid="true"' in html
