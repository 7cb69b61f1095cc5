"""iCalendar subscriptions under /kalendarz/: the token in the address is the credential (see `campaigns.feeds`)."""

from django.urls import re_path

from .views import files

app_name = "calendar_feeds"
TOKEN_PATTERN = r"(?P<token>[A-Za-z0-9_-]{16,64})"  # noqa: S105 – the shape of a token, not a secret
urlpatterns = [
    re_path(rf"^{TOKEN_PATTERN}\.ics$", files.person_feed, name="person"),
    re_path(rf"^{TOKEN_PATTERN}/kampania/(?P<campaign_id>[0-9]{{1,10}})\.ics$", files.campaign_feed, name="campaign"),
]
