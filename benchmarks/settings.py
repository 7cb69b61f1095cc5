"""Settings of benchmark runs: the production configuration minus HTTPS, on a local database.

`dialog.settings.production` redirects to HTTPS and needs a real secret; `dev` forces DEBUG on,
which keeps every SQL query in memory and changes timings. This keeps everything else as deployed.
"""

from dialog.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
