"""Public newsletter pages: sign-up, the personal pages behind the links in the e-mails, the web version, the bounce hook.

Thin: the rules live in `services`. Confirming and unsubscribing happen on POST (a button), because mail
security scanners open every link in a message; the unsubscribe address also takes the mail program's
one-click POST (RFC 8058), which carries no CSRF token — the secret token in the address is the credential.
"""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core import antibot
from core.personal_pages import personal

from . import services
from .emails import paragraphs
from .forms import PreferencesForm, SubscribeForm
from .models import ConsentSource, Edition, Subscriber, SubscriberStatus


def _subscriber_or_404(token: str) -> Subscriber:
    subscriber = services.by_token(token)
    if subscriber is None:
        raise Http404
    return subscriber


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        # Each sign-up mails a stranger's address: a client may ask only so often (keyed hash, no address stored).
        if not antibot.within_limit(scope="newsletter.subscribe", key=antibot.client_key(request),
                                    limit=settings.DIALOG_ANTIBOT_LIMIT, window_seconds=settings.DIALOG_ANTIBOT_WINDOW_SECONDS):
            form.is_valid()
            form.add_error(None, antibot.TOO_MANY)
            return render(request, "newsletter/subscribe.html", _subscribe_context(form), status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.subscribe(email=data["email"], topics=list(data["topics"]), districts=list(data["districts"]),
                               language=get_language() or "pl")
            return HttpResponseRedirect(reverse("newsletter:check_mail"))
        return render(request, "newsletter/subscribe.html", _subscribe_context(form), status=400)
    return render(request, "newsletter/subscribe.html", _subscribe_context(form))


def _subscribe_context(form: SubscribeForm) -> dict:
    return {"form": form, "consent_version": settings.DIALOG_NEWSLETTER_CONSENT_VERSION}


def check_mail(request):
    return render(request, "newsletter/check_mail.html", {"days": settings.DIALOG_NEWSLETTER_CONFIRM_DAYS})


@personal
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    subscriber = _subscriber_or_404(token)
    expired = subscriber.status == SubscriberStatus.PENDING and services.confirmation_expired(subscriber, now=timezone.now())
    if request.method == "POST" and not expired:
        if services.confirm(subscriber=subscriber):
            messages.success(request, _("Thank you. Your subscription is confirmed: you will receive the newsletter."))
            return HttpResponseRedirect(reverse("newsletter:preferences", args=[token]))
    usable = subscriber.status == SubscriberStatus.PENDING and not expired
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "usable": usable}, status=200 if usable else 410)


@personal
@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    subscriber = _subscriber_or_404(token)
    if subscriber.status != SubscriberStatus.ACTIVE:
        return render(request, "newsletter/inactive.html", {"subscriber": subscriber}, status=410)
    initial = {"topics": subscriber.topics.all(), "districts": subscriber.districts.all()}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.change_preferences(subscriber=subscriber, topics=list(form.cleaned_data["topics"]),
                                        districts=list(form.cleaned_data["districts"]))
            messages.success(request, _("Your choice of topics and districts is saved."))
            return HttpResponseRedirect(reverse("newsletter:preferences", args=[token]))
        return render(request, "newsletter/preferences.html", {"form": form, "subscriber": subscriber}, status=400)
    return render(request, "newsletter/preferences.html", {"form": form, "subscriber": subscriber})


@personal
@csrf_exempt  # RFC 8058: the mail program's one-click POST has no CSRF token; the secret token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    subscriber = _subscriber_or_404(token)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(subscriber=subscriber, source=ConsentSource.ONE_CLICK if one_click else ConsentSource.LINK)
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


def edition(request, edition_id: int):
    """The web version of an edition that went out ("read it in the browser")."""
    item = get_object_or_404(Edition, pk=edition_id)
    return render(request, "newsletter/edition.html", {"edition": item, "paragraphs": paragraphs(item.text)})


@csrf_exempt
@require_POST
def bounce(request):
    """The bounce hook for the operator's mail server or bounce processor: `Authorization: Bearer <token>`,
    body `{"email": "...", "permanent": true}`. Off (404) while DIALOG_NEWSLETTER_BOUNCE_TOKEN is empty."""
    expected = settings.DIALOG_NEWSLETTER_BOUNCE_TOKEN
    if not expected:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"title": "Unauthorized"}, status=401)
    try:
        body = json.loads(request.body)
        email, permanent = body["email"], body.get("permanent", True)
        if not isinstance(email, str) or not isinstance(permanent, bool):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"title": "Bad Request", "detail": 'Expected {"email": string, "permanent": boolean}.'}, status=400)
    return JsonResponse({"bounced": services.record_bounce(email=email, permanent=permanent)})
