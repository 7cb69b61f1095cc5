"""The error summary links every message to an input that exists on the page."""

import re

from django import forms

from portal.forms import ErrorSummaryMixin


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
