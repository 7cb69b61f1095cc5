"""Back-office of the press room (menu "Dla mediów"): media lists with their recipients, press contacts, and the
distributions of releases with each recipient's delivery log.

Who is on a media list is personal data and sending to journalists speaks for the city: Administrator, Koordynator
and Redaktor only (`PressOfficePolicy`). A distribution is created (which sends it) and read, never edited or deleted:
it is the record of what was sent to whom.
"""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR, has_role

from . import selectors, services
from .models import Distribution, MediaList, PressContact, PressReleasePage, RecipientState

PRESS_OFFICE = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


def is_press_office(user) -> bool:
    return has_role(user, PRESS_OFFICE)


class PressOfficePolicy(ModelPermissionPolicy):
    """Administrator, Koordynator and Redaktor may do `actions`; nobody else anything."""

    actions = ("add", "change", "delete", "view")

    def __init__(self, model, actions=None):
        super().__init__(model)
        if actions is not None:
            self.actions = tuple(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and is_press_office(user)

    def user_has_any_permission(self, user, actions):
        return any(action in self.actions for action in actions) and is_press_office(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not any(action in self.actions for action in actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=PRESS_OFFICE)).distinct()


class MediaListForm(WagtailAdminModelForm):
    class Meta:
        model = MediaList
        fields = ["name", "description", "organisations", "people"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}


class MediaListInspectView(generic.InspectView):
    template_name = "newsroom/admin/media_list_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recipients"] = selectors.media_list_recipients([self.object])
        return context


class MediaListViewSet(ModelViewSet):
    model = MediaList
    icon = "group"
    menu_label = _("Media lists")
    url_prefix = "prasa/listy"
    inspect_view_enabled = True
    inspect_view_class = MediaListInspectView
    list_display = ["name", Column("organisation_count", label=_("media outlets")), Column("people_count", label=_("people"))]
    search_fields = ["name"]
    ordering = ["name"]

    def get_form_class(self, for_update=False):
        return MediaListForm

    def get_queryset(self, request):
        return MediaList.objects.annotate(organisation_count=Count("organisations", distinct=True),
                                          people_count=Count("people", distinct=True))


class PressContactViewSet(ModelViewSet):
    model = PressContact
    icon = "user"
    menu_label = _("Press contacts")
    url_prefix = "prasa/kontakty"
    form_fields = ["person", "role", "sort_order"]
    list_display = ["person", "role"]
    ordering = ["sort_order", "pk"]


class DistributionForm(WagtailAdminModelForm):
    release = forms.ModelChoiceField(
        label=_("press release"), queryset=PressReleasePage.objects.order_by("-latest_revision_created_at"),
        help_text=_("Published, or scheduled to be published at its embargo."),
    )
    # One per rendered form: submitting it twice (a double click, the browser's "resend") sends once.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    class Meta:
        model = Distribution
        fields = ["release", "media_lists"]
        widgets = {"media_lists": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.submitted_before():
            return cleaned
        try:
            services.check_distribution(release=cleaned["release"], media_lists=list(cleaned["media_lists"]))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned

    def submitted_before(self) -> bool:
        key = self.cleaned_data.get("idempotency_key")
        return bool(key) and Distribution.objects.filter(idempotency_key=key).exists()


class DistributionCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if (release := self.request.GET.get("release", "")).isdigit():
            initial["release"] = release
        return initial

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:  # another press officer's distribution got there first
            for field, messages in error.message_dict.items():
                form.add_error(field, messages)
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        self.repeated = self.form.submitted_before()
        return services.distribute(release=data["release"], media_lists=list(data["media_lists"]), user=self.request.user,
                                   idempotency_key=data.get("idempotency_key") or uuid.uuid4())

    def get_success_message(self, instance):
        if self.repeated:
            return _("This form was already sent; the release goes out once.")
        return _("The release is being sent to %(count)s addresses.") % {
            "count": instance.recipients.exclude(state=RecipientState.SKIPPED).count()}


class DistributionInspectView(generic.InspectView):
    template_name = "newsroom/admin/distribution_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recipients"] = list(self.object.recipients.order_by("state", "email"))
        return context


class DistributionViewSet(ModelViewSet):
    model = Distribution
    icon = "mail"
    menu_label = _("Distributions")
    url_prefix = "prasa/wysylki"
    add_view_class = DistributionCreateView
    inspect_view_enabled = True
    inspect_view_class = DistributionInspectView
    list_display = [
        "subject", "status", Column("sent_count", label=pgettext_lazy("press recipient", "sent")),
        Column("failed_count", label=pgettext_lazy("press recipient", "failed")),
        Column("skipped_count", label=_("skipped: do not contact")), "created_at",
    ]
    list_filter = ["status", "release"]
    inspect_view_fields = ["release", "subject", "embargo_until", "status", "stop_reason", "created_by", "created_at",
                           "finished_at"]
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return DistributionForm

    def get_queryset(self, request):
        counted = {f"{state}_count": Count("recipients", filter=Q(recipients__state=state))
                   for state in (RecipientState.SENT, RecipientState.FAILED, RecipientState.SKIPPED)}
        return Distribution.objects.select_related("release").annotate(**counted)


class PressViewSetGroup(ViewSetGroup):
    items = (DistributionViewSet("newsroom_distribution"), MediaListViewSet("newsroom_media_list"),
             PressContactViewSet("newsroom_press_contact"))
    menu_label = _("For the media")
    menu_icon = "mail"
    menu_order = 175
