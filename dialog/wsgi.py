"""The WSGI application (`gunicorn dialog.wsgi:application`).

Once everything long-lived is loaded – Django, Wagtail, our modules and every view through the URL map –
it is moved out of the cyclic garbage collector's sight (`gc.freeze()`). Otherwise every full collection
walks those ≈ 280,000 objects again: ≈ 150 ms on our 2-core machines, landing in the middle of a request
every few large pages (measured with `benchmarks/campaign_timeline.py`).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialog.settings.dev")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 – imports every view now, so they are frozen with the rest
gc.collect()
gc.freeze()
