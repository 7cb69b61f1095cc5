"""Back-office pages of publishing that Wagtail's snippet views do not have: emergency publishing and its
confirmation, and the deliveries (the outbox) with what people must do about them and the results of posts,
summed per campaign."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.images import get_image_model

from catalog.models import CampaignPage

from . import metrics, publisher, services
from .channels.base import Post
from .models import Delivery, DeliveryStatus, Message


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why can the message not wait for approval?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Recorded in the history; another Koordynator confirms the publication afterwards."),
    )


def edit_url(message: Message) -> str:
    return reverse("wagtailsnippets_publishing_message:edit", args=[message.pk])


def publish_in_emergency(request, pk: int):
    """GET: the form with the reason; POST: publish now, then back to the message with a confirmation."""
    message = get_object_or_404(Message, pk=pk)
    if not request.user.has_perm(services.EMERGENCY_PERMISSION):
        raise PermissionDenied
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_in_emergency(message=message, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, _("“%(title)s” is published. Another Koordynator must confirm it.") % {"title": message.title})
            return HttpResponseRedirect(edit_url(message))
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "publishing/admin/emergency.html", {
        "message": message, "form": form, "back_url": edit_url(message), "page_title": _("Publish in an emergency"),
    }, status=status)


def confirm_emergency(request, pk: int):
    """POST only: the second pair of eyes after an emergency publication."""
    message = get_object_or_404(Message, pk=pk)
    if request.method != "POST":
        return HttpResponseRedirect(edit_url(message))
    try:
        services.confirm_emergency(message=message, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The emergency publication of “%(title)s” is confirmed.") % {"title": message.title})
    return HttpResponseRedirect(edit_url(message))


class ResultsForm(forms.Form):
    """Numbers copied from the network's statistics page; an empty field keeps what was there."""

    reach = forms.IntegerField(label=pgettext_lazy("metrics", "reach"), min_value=0, max_value=2_000_000_000, required=False)
    reactions = forms.IntegerField(label=pgettext_lazy("metrics", "reactions"), min_value=0, max_value=2_000_000_000, required=False)
    clicks = forms.IntegerField(label=pgettext_lazy("metrics", "clicks"), min_value=0, max_value=2_000_000_000, required=False)


class PublishedByHandForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Address of the post"), assume_scheme="https",
                         help_text=gettext_lazy("Copy it from the network after posting, e.g. https://www.facebook.com/…"))


ATTENTION = (DeliveryStatus.MANUAL, DeliveryStatus.FAILED)


def deliveries(request):
    """The outbox for people: what waits to be posted by hand or failed (with the network's words), then the rest.

    Each row of the first kind has a ready-to-copy package (text with its link, images and their alt texts),
    "mark as published" with the post's address, "send again" and "cancel".
    """
    if not request.user.has_perm("publishing.change_message"):
        raise PermissionDenied
    status = request.GET.get("status") or ""
    rows = Delivery.objects.select_related("message", "metrics").order_by("due_at", "pk")
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    campaign = CampaignPage.objects.filter(pk=request.GET.get("kampania")).first() if request.GET.get("kampania", "").isdigit() else None
    if campaign:
        rows = rows & metrics.campaign_deliveries(campaign)
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    images = get_image_model().objects.in_bulk({int(item["image_id"]) for row in page for item in row.images})
    items = [{
        "delivery": row,
        "needs_attention": row.status in ATTENTION,
        "package": Post(text=row.text, link_url=row.link or None, idempotency_key=row.idempotency_key).text_with_link(),
        "images": [(images.get(int(item["image_id"])), item.get("alt_text", "")) for item in row.images],
    } for row in page]
    return TemplateResponse(request, "publishing/admin/deliveries.html", {
        "items": items, "page": page, "status": status, "statuses": DeliveryStatus.choices,
        "campaign": campaign, "campaigns": CampaignPage.objects.order_by("title").only("pk", "title"),
        "totals": metrics.campaign_totals(campaign) if campaign else None,
        "goals": list(campaign.goals.all()) if campaign else [],
        "attention_count": Delivery.objects.filter(status__in=ATTENTION).count(), "page_title": pgettext("delivery", "Deliveries"),
    })


def delivery_action(request, pk: int, action: str):
    """POST: mark as published by hand, send again or cancel; back to the list with a message."""
    if request.method != "POST" or not request.user.has_perm("publishing.change_message"):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery, pk=pk)
    back = reverse("publishing:deliveries") + f"#delivery-{delivery.pk}"
    try:
        if action == "opublikowano":
            form = PublishedByHandForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["url"])
            publisher.mark_published_by_hand(delivery=delivery, user=request.user, url=form.cleaned_data["url"])
            messages.success(request, _("Marked as published: %(delivery)s.") % {"delivery": delivery})
        elif action == "wyniki":
            form = ResultsForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()])
            metrics.record(delivery=delivery, user=request.user, **form.cleaned_data)
            messages.success(request, _("Results saved: %(delivery)s.") % {"delivery": delivery})
        elif action == "ponow":
            publisher.retry(delivery=delivery, user=request.user)
            messages.success(request, _("It will be sent again in a minute: %(delivery)s.") % {"delivery": delivery})
        elif action == "anuluj":
            publisher.cancel(delivery=delivery, user=request.user)
            messages.success(request, _("Cancelled: %(delivery)s.") % {"delivery": delivery})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _("Nothing changed: %(reason)s") % {"reason": " ".join(error.messages)})
    return HttpResponseRedirect(back)
