"""Settings shared by every environment. Values that differ per deployment come from the environment.

Environment variables (an unset or empty variable takes the default; a value that cannot be
understood stops the start with ImproperlyConfigured). Paths are relative to the project root.

    variable               default                                      meaning
    DATABASE_URL           sqlite:///var/dialog.sqlite3                 database; postgres://user:pass@host:5432/dialog for PostgreSQL
    DATABASE_CONN_MAX_AGE  60                                           seconds a PostgreSQL connection is reused (SQLite: never)
    DATABASE_PREPARED_STATEMENTS  true                                  PostgreSQL: hot statements (core.prepared) prepared per connection; false behind a pooler that cannot keep them
    SECRET_KEY             an insecure development key                  signing key; production refuses to start without a real one
    DEBUG                  false (dev: true)                            Django's debug pages; production forces false
    ALLOWED_HOSTS          127.0.0.1,localhost (dev: *)                 comma-separated host names the site answers to
    CSRF_TRUSTED_ORIGINS   empty                                        comma-separated origins, e.g. https://dialog.example.org
    BASE_URL               http://127.0.0.1:8000                        absolute address used in e-mails and the back-office
    SITE_NAME              Dialog                                       name of the installation in the back-office
    EMAIL_URL              console:// (production: smtp://localhost:25) mail transport, see env.mailers_setting
    DEFAULT_FROM_EMAIL     Dialog <dialog@localhost>                    sender of outgoing mail and of error reports
    TASKS_BACKEND          database                                     database (django-tasks-db; run manage.py db_worker) or immediate
    REDIS_URL              empty (per-process memory cache)             redis://host:6379/0 gives all processes one shared cache
    MEDIA_STORAGE          django.core.files.storage.FileSystemStorage  storage class for uploaded images and documents
    MEDIA_ROOT             var/media                                    folder of uploads (file-system storage)
    MEDIA_URL              /media/                                      address prefix of uploads
    STATIC_ROOT            var/static                                   folder collectstatic fills
    LOG_LEVEL              INFO                                         level of the root logger
    DIALOG_DISTRICTS_FILE  data/districts/krakow.csv                    the city's districts, loaded by manage.py bootstrap
    DIALOG_CHANNEL_CREDENTIALS  empty (every channel by hand)           JSON: per channel key its adapter and credentials
    DIALOG_WIDGET_FRAME_ANCESTORS  *                                    comma-separated CSP sources allowed to frame /kanaly/widzet/
    DIALOG_ANTIBOT_CLIENT_HEADER  empty (REMOTE_ADDR)                  header with the client address behind a trusted proxy, e.g. HTTP_X_REAL_IP
    DIALOG_NEWSLETTER_BOUNCE_TOKEN  empty (bounce hook off)             bearer token of POST /newsletter/odbicia/
    DIALOG_MAP_TILES_URL   https://tile.openstreetmap.org/{z}/{x}/{y}.png  tiles of the survey map (residents' browsers fetch them); off: no map
    DIALOG_MAP_ATTRIBUTION  © OpenStreetMap (a link to its copyright page)  HTML shown on the map, as the tile source's licence requires
    SECURE_SSL_REDIRECT    true (production only)                       redirect HTTP to HTTPS; false when the proxy does it
    SECURE_HSTS_SECONDS    31536000 (production only)                   HSTS max-age; lower it while trying HTTPS out
"""

from pathlib import Path

from .env import (
    database_setting,
    env_bool,
    env_int,
    env_json_object,
    env_list,
    env_path,
    env_str,
    mailers_setting,
    map_tiles_setting,
    tasks_setting,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-secret-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "directory",
    "catalog",
    "campaigns",
    "noticeboard",
    "events",
    "publishing",
    "consultations",
    "surveys",
    "panels",
    "newsletter",
    "newsroom",
    "reports",
    "portal",
    "api",
    "ninja",  # serves the Swagger UI of /api/v1/docs from its own static files instead of a CDN
    "demo",
    "backoffice",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.request_memo.RequestMemoMiddleware",
    "core.response_cycles.FreeRenderedResponsesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.CachedSiteMiddleware",  # Wagtail's page view gets the site from the cache (portal/routing.py)
]

ROOT_URLCONF = "dialog.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "dialog.wsgi.application"

DATABASES = {
    "default": database_setting(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'dialog.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        prepared_statements=env_bool("DATABASE_PREPARED_STATEMENTS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
# Each app keeps its own catalogue in <app>/locale; there is no project-wide one.
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": env_str("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_ENGINE = "core.sessions"  # Django's database sessions, read and written with one plain SQL statement each

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Background work: Django's task framework. "database" runs through django-tasks-db and its worker.
TASKS = tasks_setting(env_str("TASKS_BACKEND", "database"))

MAILERS = mailers_setting(env_str("EMAIL_URL", "console://"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dialog <dialog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "wagtailadmin_login"

# Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Dialog")
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski"), ("en", "English")]
WAGTAIL_USER_EDIT_FORM = "wagtail.users.forms.UserEditForm"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # On PostgreSQL a text search configuration made by core's migration: unaccented, case-folded.
        "SEARCH_CONFIG": "dialog_pl",
        "AUTO_UPDATE": True,
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "publishing.workflows.finish_workflow"  # messages: the approval publishes (four eyes)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Domain settings (REFERENCE.md: values that a city may change; defaults from Kraków).
DIALOG_DISTRICTS_FILE = env_str("DIALOG_DISTRICTS_FILE", str(BASE_DIR / "data" / "districts" / "krakow.csv"))
DIALOG_UPCOMING_DAYS = 14
DIALOG_CHANNELS_FILE = str(BASE_DIR / "data" / "channels" / "default.csv")
DIALOG_CAMPAIGN_TEMPLATES_DIR = str(BASE_DIR / "data" / "campaign_templates")  # JSON files, loaded by bootstrap
# Planner's warnings (campaigns/rules.py). Kraków's resolution CXI/2904/18, per a secondary summary (REFERENCE.md §2):
DIALOG_CAMPAIGN_LEAD_DAYS = 7  # a consultation's information campaign starts at least this many days before it opens
DIALOG_CONSULTATION_MIN_DAYS = 21  # a consultation lasts at least this many days
DIALOG_CONSULTATION_MIN_FORMS = 3  # a consultation offers at least this many forms (consultations/rules.py)
DIALOG_CHANNEL_DAILY_POST_LIMIT = 3  # more actions than this on one channel on one day get a warning (per-channel override)
DIALOG_DIGEST_HOUR = 7  # local hour (Europe/Warsaw) from which the daily e-mail digests go out (noticeboard)
# Plain Polish (core/plain_polish.py, REFERENCE.md §5): advice shown before approval, never blocking.
DIALOG_FOG_THRESHOLD = 9  # FOG-PL above this gets a warning (7–9 reads as "easy"; bands unverified)
DIALOG_MAX_SENTENCE_WORDS = 20
DIALOG_OFFICIALESE = [  # office-style phrases; a trailing * stands for any ending
    "uprasza się", "wzywa się", "niniejsz*", "przedmiotow*", "uprzejmie informuj*", "w związku z powyższym",
    "informuje się", "zwraca się z uprzejmą prośbą", "należy nadmienić", "w nawiązaniu do", "w dniu dzisiejszym",
    "w chwili obecnej", "celem uzyskania", "wyżej wymienion*",
]
# Publishing (publishing/channels): per channel key, the adapter and its credentials, e.g.
# {"mastodon": {"api_base_url": "https://mastodon.social", "access_token": "…"}}; a channel without an entry is published by hand.
DIALOG_CHANNEL_CREDENTIALS = env_json_object("DIALOG_CHANNEL_CREDENTIALS")
DIALOG_WIDGET_FRAME_ANCESTORS = env_list("DIALOG_WIDGET_FRAME_ANCESTORS", ["*"])  # portal/feeds.py: who may embed the widget
DIALOG_PUBLISH_BACKOFF_MINUTES = [1, 5, 15, 60, 240]  # waits between retries of a delivery after a transient failure; then it fails
DIALOG_METRICS_DAYS = 30  # a published post's reactions are read from its network daily for this many days
DIALOG_CHANNEL_IMAGE_DAYS = 7  # images stored for Instagram and Threads to fetch are deleted this many days later
# Event registration (events): how long a freed place waits for confirmation, when accessibility needs (RODO
# art. 9, explicit consent) are deleted after the event, and reminders in hours before the event starts.
DIALOG_WAITING_LIST_OFFER_HOURS = 24
DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS = 30
DIALOG_EVENT_REMINDERS = [48, 2]
DIALOG_PAGE_SIZE = 20
DIALOG_API_PAGE_SIZE_MAX = 100
# E-consultations (consultations): announcement checks, lifecycle, moderation of comments, report deadlines.
DIALOG_COMMENT_MODERATION = "before"  # new documents: comments are checked "before" or "after" they appear (per document)
DIALOG_REPORT_DUE_DAYS = 30  # a consultation's report is due this many days after it ends (CXI/2904/18, unverified)
DIALOG_REPORT_REMINDER_DAYS_BEFORE = 7  # owner and Koordynators are reminded this many days before, and again when overdue
DIALOG_ANALYSIS_MAX_GROUPS = 12  # automatic groups of similar remarks: at most this many (consultations.analysis)
# The standard RODO art. 13 clause of a consultation's announcement (REFERENCE.md §6); a consultation may replace it.
DIALOG_CONSULTATION_PRIVACY_CLAUSE = (
    "Administratorem danych osobowych jest Prezydent Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków; "
    "inspektor ochrony danych: iod@um.krakow.pl. Dane (imię i nazwisko lub nazwa, jeśli je podasz) przetwarzamy w celu "
    "przeprowadzenia konsultacji społecznych, w ramach zadania publicznego (art. 6 ust. 1 lit. e RODO), i przechowujemy "
    "zgodnie z przepisami o archiwizacji. Podanie danych jest dobrowolne. Masz prawo dostępu do danych, ich sprostowania, "
    "ograniczenia przetwarzania, sprzeciwu oraz skargi do Prezesa UODO (ul. Stawki 2, Warszawa)."
)
# Surveys (surveys) and the anonymous-form protection (core/antibot.py): ALTCHA and keyed-hash rate limits.
DIALOG_ALTCHA_MAX_NUMBER = 100_000  # work of the proof (a phone solves it in about a second)
DIALOG_ALTCHA_EXPIRES_SECONDS = 3600  # a challenge must be solved and sent within this time
DIALOG_ANTIBOT_WINDOW_SECONDS = 600  # rate limits count sends per client (keyed hash of the address) in this window
DIALOG_ANTIBOT_LIMIT = 20  # sends per window and form kind
DIALOG_ANTIBOT_UNVERIFIED_LIMIT = 3  # of which at most this many without a proof (no JavaScript), marked "unverified"
DIALOG_ANTIBOT_CLIENT_HEADER = env_str("DIALOG_ANTIBOT_CLIENT_HEADER", "")  # e.g. HTTP_X_REAL_IP behind a trusted proxy; empty: REMOTE_ADDR
DIALOG_SURVEY_UPLOAD_MAX_MB = 10  # the largest file a survey question may allow
DIALOG_SURVEY_CONFIRMATION_DAYS = 7  # a verified-e-mail response's confirmation link works this long (then it is deleted)
DIALOG_OPEN_DATA_MIN_COUNT = 5  # open-data survey exports: an answer given by fewer respondents in a district becomes "inne"
DIALOG_SURVEY_MAP_BOUNDS = (49.96, 19.78, 50.13, 20.22)  # south, west, north, east: a map point must lie in the city
# The map of a place question (surveys/static/surveys/map.js, Leaflet vendored in surveys/static/surveys/vendor/leaflet/)
# is an extra on top of the address, district and coordinate fields, which work without it. Residents' browsers fetch
# the tiles straight from this address (our server never does), so the tile host learns their IP address. The
# default is OpenStreetMap's public tiles: free for light use such as a survey question, under its tile usage policy
# (attribution, a Referer – map.js sends the site's origin only –, no bulk downloads); a busy installation points
# it at the city's own or a paid tile server. "off" (in Python settings: "") turns the map off everywhere.
DIALOG_MAP_TILES_URL = map_tiles_setting(env_str("DIALOG_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
# The tile source's credit, as HTML (Leaflet shows it so): set by the operator, never by residents.
DIALOG_MAP_ATTRIBUTION = env_str("DIALOG_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')
DIALOG_MAP_CENTER = (50.0614, 19.9366)  # latitude, longitude the map opens on: the Main Square (Rynek Główny)
DIALOG_MAP_ZOOM = 12  # the centre and the nearer districts (the city is some 1,300 px wide at this zoom); residents zoom in
# Citizen panels (panels): recruitment, stratified selection, binding recommendations.
DIALOG_PANEL_BINDING_THRESHOLD = 0.8  # share of votes for at which a recommendation binds the Mayor (CXI/2904/18, REFERENCE.md §2)
DIALOG_PANEL_SRS_RUNS = 300  # Monte Carlo runs of simple random sampling within quotas, the report's comparison
DIALOG_PANEL_LEXIMIN_MAX_LEVELS = 200  # deterministic limits of the LEXIMIN computation (panels/selection.py):
DIALOG_PANEL_LEXIMIN_MAX_COLUMNS = 150  # panels used by the column-generation fallback (panels/selection.py); never a clock
DIALOG_PANEL_CONSENT_CLAUSE_VERSION = "2026-11"  # stored with each candidate's consent
DIALOG_PANEL_DATA_CONTROLLER = "Prezydent Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków"  # RODO clause (REFERENCE.md §6)
DIALOG_PANEL_DPO_EMAIL = "iod@um.krakow.pl"
DIALOG_PANEL_RETENTION_MONTHS = 6  # candidates' contact data is kept this long after the panel ends (stated in the clause)
# Newsletter (newsletter): double opt-in, consent log, sending in batches exactly once per subscriber.
DIALOG_NEWSLETTER_CONSENT_VERSION = "2026-11"  # change it whenever the consent clause's text changes; every consent records it
DIALOG_NEWSLETTER_CONFIRM_DAYS = 7  # an unconfirmed sign-up is deleted after this many days
DIALOG_NEWSLETTER_BATCH_SIZE = 200  # dispatches one sender claims at a time (one SMTP connection)
DIALOG_NEWSLETTER_LEASE_SECONDS = 600  # a claimed batch not finished by then (the worker died) is taken over
DIALOG_NEWSLETTER_SOFT_BOUNCE_LIMIT = 3  # temporary failures in a row after which an address counts as not working
DIALOG_NEWSLETTER_BOUNCE_TOKEN = env_str("DIALOG_NEWSLETTER_BOUNCE_TOKEN", "")  # bearer token of the bounce hook; empty: hook off
