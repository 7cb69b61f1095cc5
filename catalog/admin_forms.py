"""The page editor's forms of record types that need more than their fields (Wagtail's `base_form_class`)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def live_status(page) -> str | None:
    """The status residents see, read from the page's row; None while the page is not live (or not yet created)."""
    if page.pk is None:
        return None
    return type(page).objects.filter(pk=page.pk, live=True).values_list("status", flat=True).first()


class ConsultationPageForm(WagtailAdminPageForm):
    """A published consultation's status is shown here, not edited.

    It changes by its dates (`consultations.services.advance_statuses`) or by hand in the status form, which asks for
    the reason (`change_status`); both log the change and give a pending draft the new status too. Were the status
    editable here, a draft saved, submitted and approved, or published in bulk, would change what residents see with
    no reason in the history. A consultation never published sets its status freely: nobody sees it yet, and its
    revisions keep who changed what.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = live_status(self.instance)
        if status is not None and "status" in self.fields:
            field = self.fields["status"]
            field.disabled = True
            self.initial["status"] = status  # the live one, also when the latest draft still holds an older status
            field.help_text = format_html(
                '{} <a href="{}">{}</a>',
                _("A published consultation's status follows its dates; a change by hand needs a reason:"),
                reverse("consultations_admin:status", args=[self.instance.pk]), _("change the status"),
            )
