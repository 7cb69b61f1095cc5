"""Forms of e-consultations: the resident's comment and abuse report (public), and the staff's remark forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import ConsultationPage
from catalog.statuses import Status
from core.antibot import AltchaField
from directory.models import Organisation
from portal.forms import ErrorSummaryMixin

from .models import (
    OFFLINE_SOURCES,
    AuthorType,
    ConsultationDocument,
    Decision,
    ModerationState,
    RemarkCategory,
    RemarkSource,
)

COMMENT_MAX = 3000


class CommentForm(ErrorSummaryMixin, forms.Form):
    """A comment on one paragraph; each paragraph's form has its own prefix, so ids stay unique on the page."""

    text = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your comment."),
            "max_length": _("The comment can have at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    author_name = forms.CharField(
        label=_("Your name or signature (optional)"), max_length=100, required=False,
        help_text=_("Shown with your comment. Leave it empty to comment anonymously."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    altcha = AltchaField()


class AbuseReportForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write why you report this comment.")},
    )
    altcha = AltchaField()


# ------------------------------------------------------------------------------------------------ staff


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("consultation", "New status"), choices=())
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in map(Status, ConsultationPage.allowed_statuses)]


class OfflineRemarkForm(forms.Form):
    text = forms.CharField(label=_("Remark"), widget=forms.Textarea(attrs={"rows": 6}))
    source = forms.ChoiceField(label=_("Source"), choices=[(s.value, s.label) for s in OFFLINE_SOURCES])
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    author_type = forms.ChoiceField(label=_("Author type"), choices=AuthorType.choices)
    author_name = forms.CharField(
        label=_("Author's name (optional)"), max_length=200, required=False,
        help_text=_("Only if needed to answer or to tell remarks apart; the organisation is enough for institutions."),
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=RemarkCategory.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (scans of a letter, an opinion with annexes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(AttachmentsField, self).clean(item, initial) for item in files]


class OfflineRemarkWithFilesForm(OfflineRemarkForm):
    files = AttachmentsField(label=_("Attachments"), required=False, help_text=_("Scans or files of the remark; several at once."))

    def clean_files(self):
        from django.conf import settings

        allowed = {extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS}
        for upload in self.cleaned_data["files"]:
            if upload.name.rsplit(".", 1)[-1].lower() not in allowed:
                raise forms.ValidationError(
                    _("“%(name)s”: this kind of file is not accepted (allowed: %(allowed)s).")
                    % {"name": upload.name, "allowed": ", ".join(sorted(allowed))}
                )
        return self.cleaned_data["files"]


class RemarkFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("all"))] + RemarkSource.choices)
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=RemarkCategory.objects.none(), empty_label=_("all"))
    decision = forms.ChoiceField(
        label=pgettext_lazy("remark", "Decision"), required=False, choices=[("", _("all")), ("none", _("no decision yet"))] + Decision.choices
    )
    moderation = forms.ChoiceField(label=_("Moderation"), required=False, choices=[("", _("all"))] + ModerationState.choices)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class BulkActionForm(forms.Form):
    """What to do with the remarks ticked in the list: code them with a category, or decide on them with one justification."""

    ASSIGN_CATEGORY = "assign_category"
    DECIDE = "decide"

    remarks = forms.ModelMultipleChoiceField(
        label=_("Remarks"), queryset=None, error_messages={"required": _("Tick at least one remark.")}
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[(ASSIGN_CATEGORY, _("Assign a category")), (DECIDE, _("Set the decision"))]
    )
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=RemarkCategory.objects.none())
    new_category = forms.CharField(label=_("or a new category"), required=False, max_length=120)
    decision = forms.ChoiceField(label=pgettext_lazy("remark", "Decision"), required=False, choices=[("", "—")] + Decision.choices)
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, remarks, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remarks"].queryset = remarks
        self.fields["category"].queryset = categories

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.ASSIGN_CATEGORY and not (cleaned.get("category") or cleaned.get("new_category", "").strip()):
            self.add_error("category", _("Choose a category or name a new one."))
        if cleaned.get("action") == self.DECIDE:
            if not cleaned.get("decision"):
                self.add_error("decision", _("Choose the decision."))
            if not cleaned.get("justification", "").strip():
                self.add_error("justification", _("Write the justification of the decision."))
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=pgettext_lazy("remark", "Decision"), choices=Decision.choices)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 4}))


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("This remark repeats remark no."), queryset=None,
        help_text=_("The chosen remark is kept and gets the decision; this one is shown as merged into it."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = candidates
        self.fields["keep"].label_from_instance = lambda remark: f"{remark.pk}: {remark.text[:80]}"


class DocumentCreateForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Text of the document"), widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Paste the text. Paragraphs are separated by an empty line; lines such as “§ 1” become headings."),
    )

    class Meta:
        model = ConsultationDocument
        fields = ["consultation", "title", "intro", "comments_open_until", "moderation"]


class DocumentEditForm(forms.ModelForm):
    """What may change after the text is split: the paragraphs stay, so comments keep pointing at the right text."""

    class Meta:
        model = ConsultationDocument
        fields = ["title", "intro", "comments_open_until", "moderation"]


# ------------------------------------------------------------------------------------------------ categories and analysis


class CategoryActionForm(forms.Form):
    """One action of the category screen; `own` are the consultation's categories (the only ones it may change)."""

    def __init__(self, *args, own, usable, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = usable if name == "target" else own
                field.error_messages["invalid_choice"] = _("Choose one of the listed categories.")


class CategoryAddForm(CategoryActionForm):
    action = "add"
    name = forms.CharField(label=_("Name of the new category"), max_length=120)


class CategoryRenameForm(CategoryActionForm):
    action = "rename"
    category = forms.ModelChoiceField(label=_("Category to rename"), queryset=RemarkCategory.objects.none())
    name = forms.CharField(label=_("New name"), max_length=120)


class CategoryMergeForm(CategoryActionForm):
    action = "merge"
    source = forms.ModelChoiceField(
        label=_("Merge the category"), queryset=RemarkCategory.objects.none(),
        help_text=_("Its remarks move to the other category and it is deleted."),
    )
    target = forms.ModelChoiceField(label=_("into the category"), queryset=RemarkCategory.objects.none())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Choose two different categories to merge."))
        return cleaned


class CategoryDeleteForm(CategoryActionForm):
    action = "delete"
    category = forms.ModelChoiceField(label=_("Category to delete"), queryset=RemarkCategory.objects.none())
    uncode = forms.BooleanField(
        label=_("The category codes remarks: delete it anyway, and they lose this category"), required=False,
    )


CATEGORY_FORMS = {form.action: form for form in (CategoryAddForm, CategoryRenameForm, CategoryMergeForm, CategoryDeleteForm)}


class GroupAssignForm(forms.Form):
    """Code every remark of one suggested group; `digest` names the grouping the staff member saw."""

    group = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=RemarkCategory.objects.none())
    new_category = forms.CharField(label=_("or a new category"), required=False, max_length=120)

    def __init__(self, *args, categories, group_number=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_group{group_number}_%s" if group_number else "id_group_%s")
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].error_messages["invalid_choice"] = _("Choose one of the listed categories.")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("category") or cleaned.get("new_category", "").strip()) and "category" not in self.errors:
            self.add_error("category", _("Choose a category or name a new one."))
        return cleaned
