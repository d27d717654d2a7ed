"""Settings shared by every environment.

Safe for production on its own: DEBUG is off and secrets come from the
environment. ``dev`` and ``test`` relax it; ``production`` tightens it.
Every value that differs between machines is read from an environment
variable through django-environ, never parsed by hand.
"""

from pathlib import Path

import environ

from config.builders import content_security_policy, redis_caches

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# No usable default: dev and test set their own, production refuses to start.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps. Dependencies point one way (docs/architecture.md, checked
    # by tests/test_import_graph.py): experiences -> mailings -> ballot ->
    # blog -> network -> ops -> home; home imports no other app.
    "home",
    "blog",
    "network",
    "ballot",
    # Follow by email and the newsletter (uses blog, network and ballot).
    "mailings",
    # Shared experiences: uses ballot (small-number rule), network and home.
    "experiences",
    # Headers, sign-in protection, logging and other operations (issue 6).
    "ops",
    # Wagtail
    # Translating pages and snippets in the admin (issue 12).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail_modeladmin",
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
    "django_recaptcha",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

# Middleware that only add headers: a static file gets what they would add,
# worked out once (ops/static.py), and every other response runs them.
STATIC_HEADER_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "ops.middleware.ContentSecurityPolicyMiddleware",
]
MIDDLEWARE = [
    # WhiteNoise first: a static file is answered before anything else runs.
    "ops.static.StaticFilesFirstMiddleware",
    *STATIC_HEADER_MIDDLEWARE,
    # Anonymous page cache: a hit skips everything below (home/cache.py); the
    # stored response already carries the headers added above and below.
    "home.cache.PageCacheMiddleware",
    # The database away for a moment (a restart): a plain 503, not a 500 (ops/database.py).
    "ops.database.DatabaseAwayMiddleware",
    # A full media disk: a clear message to the editor, nothing half-saved (home/storage.py).
    "home.storage.StorageFullMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (none: English), after sessions
    # and before CommonMiddleware, as Django asks.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ops.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An anonymous visitor's page route (site, page) kept in the cache, after
    # LocaleMiddleware and the user are known (home/route_cache.py).
    "home.route_cache.RouteCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes turns a locked-out sign-in into its "paused" page; it goes last.
    "axes.middleware.AxesMiddleware",
    # Refuses oversized ballot posts before the CSRF check reads the body.
    "ballot.middleware.BallotBodyLimitMiddleware",
    # no-store on pages that show a ballot form or a thank-you (shared devices).
    "ballot.middleware.BallotNoStoreMiddleware",
    # A new page is created once when Publish overlaps Wagtail's first autosave
    # (home/create_once.py); last, so every check above has run.
    "home.create_once.CreatePageOnceMiddleware",
]
# A plain-words page when a form arrives without its security token.
CSRF_FAILURE_VIEW = "ballot.views.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL, default a SQLite file beside manage.py so `make run` needs no
# server. SQLite is tuned for bursts of concurrent form posts: WAL lets
# readers carry on during a write, the busy timeout makes writers queue
# instead of failing, and IMMEDIATE transactions take the write lock at BEGIN
# so two writers never deadlock upgrading a read lock ("database is locked").
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# Each worker keeps its connection for a minute, on SQLite too: opening one
# and running the PRAGMAs above took 3-6 ms of every request (issue 15's
# uncached pages), more than some pages' own queries.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, rate limits ----------------------------------------
# REDIS_URL switches cache, sessions and rate limits to Redis (django-redis);
# without it everything stays in local memory, which is right for one
# process on a laptop.
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds to wait for Redis before carrying on without it (home/degraded.py).
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=1.0)


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, REDIS_TIMEOUT_SECONDS)
    # Sessions are written to the database and copied to Redis: a Redis
    # restart signs nobody out, and reads carry on from the database while
    # it is away.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    RATE_LIMIT_CACHE = "ratelimit"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "wmhn",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # The cache that holds rate-limit counters (home/ratelimit.py).
    RATE_LIMIT_CACHE = "default"
# django-redis logs each skipped Redis call through this logger;
# home.degraded.OncePerMinute (added in home's AppConfig.ready) lets one line
# a minute through.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "home.degraded.redis"
# While the rate-limit cache is unreachable each process counts alone and
# allows this share of every limit (at least 1): with several app processes
# the total stays near the limit instead of multiplying it.
RATE_LIMIT_FALLBACK_SHARE = env.float("RATE_LIMIT_FALLBACK_SHARE", default=0.25)
# Whole pages for anonymous visitors, emptied page by page on publish
# (home/cache.py); also the CDN's s-maxage, since publishing purges the CDN.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a visitor's own browser may reuse a public page unasked (never
# purged, so kept short).
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
# Non-Wagtail models shown on public pages: saving one empties the whole page cache.
PAGE_CACHE_INVALIDATING_MODELS = ["network.Organisation"]
# Addresses or networks of our own reverse proxies (the same variable
# gunicorn reads). X-Forwarded-For is believed only when the direct peer is
# one of them; empty means REMOTE_ADDR is always the client.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=[])
# Contact-form posts allowed from one client address.
CONTACT_FORM_RATE = env.str("CONTACT_FORM_RATE", default="10/h")
# Sign-in attempts from one address (every username) before it waits; the
# per-person pause is django-axes' (AXES_FAILURE_LIMIT, below).
SIGN_IN_RATE = env.str("SIGN_IN_RATE", default="30/h")
# Password-reset emails: requests from one address, and emails to one person.
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/h")
PASSWORD_RESET_EMAIL_RATE = env.str("PASSWORD_RESET_EMAIL_RATE", default="3/h")

# --- Email and tasks ------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Women's Mental Health Network <hello@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails go through the tasks framework: immediate here, a worker in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# `purge_sent_emails` deletes the record of each email a task sent (a key, no
# address: home/email_once.py) after this many days; a killed worker's task is
# rerun within minutes of the worker's restart, so a week is plenty.
SENT_EMAIL_RETENTION_DAYS = env.int("SENT_EMAIL_RETENTION_DAYS", default=7)

# --- Membership (network app) ----------------------------------------------
# How long a confirmation link works, in seconds (7 days).
MEMBERSHIP_CONFIRM_MAX_AGE = env.int("MEMBERSHIP_CONFIRM_MAX_AGE", default=7 * 24 * 60 * 60)
# Unconfirmed sign-ups older than this many days are deleted by the daily
# `purge_unconfirmed_members` command.
MEMBERSHIP_PURGE_DAYS = env.int("MEMBERSHIP_PURGE_DAYS", default=30)
# Join-form posts allowed from one client address.
MEMBERSHIP_JOIN_RATE = env.str("MEMBERSHIP_JOIN_RATE", default="30/h")

# Share your experience (issue 14): how long a shared experience is kept
# (purge_experiences deletes older ones) and how many posts per address.
EXPERIENCE_RETENTION_DAYS = env.int("EXPERIENCE_RETENTION_DAYS", default=365)
EXPERIENCE_FORM_RATE = env.str("EXPERIENCE_FORM_RATE", default="10/h")
# At most one email per address in this many seconds, however often the form
# is sent with it (stops the form being used to flood someone's inbox).
MEMBERSHIP_RESEND_INTERVAL = env.int("MEMBERSHIP_RESEND_INTERVAL", default=300)

# --- Follow by email, the newsletter (mailings app), comments (blog) -------
# Follow-form posts allowed from one client address.
FOLLOW_RATE = env.str("FOLLOW_RATE", default="20/h")
# At most one confirmation email per address in this many seconds.
FOLLOW_RESEND_INTERVAL = env.int("FOLLOW_RESEND_INTERVAL", default=300)
# How long a follow confirmation link works, in days.
FOLLOW_CONFIRM_DAYS = env.int("FOLLOW_CONFIRM_DAYS", default=7)
# `purge_followers` deletes followers never confirmed after this many days...
FOLLOW_PURGE_DAYS = env.int("FOLLOW_PURGE_DAYS", default=30)
# ...and unsubscribed followers (with their sent log) this many days after they left.
FOLLOW_UNSUBSCRIBED_PURGE_DAYS = env.int("FOLLOW_UNSUBSCRIBED_PURGE_DAYS", default=30)
# The weekly digest (`send_follow_digest`, run weekly) covers at most this many days.
FOLLOW_DIGEST_DAYS = env.int("FOLLOW_DIGEST_DAYS", default=7)
# Messages per connection to the mail server when mailing a list.
MAILINGS_BATCH_SIZE = env.int("MAILINGS_BATCH_SIZE", default=100)
# Comment posts allowed from one client address.
COMMENT_RATE = env.str("COMMENT_RATE", default="5/h")
# `purge_comments` deletes rejected and never-moderated comments after this many
# days, and removes commenters' email addresses from approved ones after it.
COMMENT_RETENTION_DAYS = env.int("COMMENT_RETENTION_DAYS", default=90)

# --- reCAPTCHA ------------------------------------------------------------
# Public forms use reCAPTCHA only when both keys are set; without them a
# honeypot and a rate limit still guard the forms.
RECAPTCHA_PUBLIC_KEY = env.str("RECAPTCHA_PUBLIC_KEY", default="")
RECAPTCHA_PRIVATE_KEY = env.str("RECAPTCHA_PRIVATE_KEY", default="")
RECAPTCHA_ENABLED = bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY)
# django-recaptcha warns about its test keys; we never use them.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# --- Passwords ------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Locale ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The seven languages of the site (issue 12). English has no URL prefix; the
# others live under /cy/, /pl/, ... Each name is written in its own language,
# as the language switcher shows it. Urdu and Arabic are right-to-left
# (Django's LANGUAGES_BIDI already lists them).
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Page content is translated with Wagtail's locales and wagtail-localize.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Let Django serve uploads itself (local runs and tests only).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
STORAGES = {
    # FileSystemStorage that cleans up and says so when the disk is full (home/storage.py).
    "default": {"BACKEND": "home.storage.MediaStorage"},
    # Compressed, content-hashed files served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Request limits -------------------------------------------------------
# Public forms are small; a body far below Django's 2.5 MB default is
# refused before it is read whole. The admin's image uploads are files and
# are not counted against this limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Wagtail's page editor posts many fields for long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "Women's Mental Health Network"
# The public address every printed, mailed or fed link starts with (home/site_url.py
# says why it is a setting; Wagtail's default Site is kept to it). Required in
# production; `make run` sets it to the address it serves.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=SITE_URL)
# Wagtail's database search backend picks its engine from the database: SQLite
# FTS5 (home's 0005 migration gives its table the porter stemmer; unicode61
# folds accents) or PostgreSQL full-text search with SEARCH_CONFIG, a copy of
# the English configuration that strips accents before stemming (made by the
# same migration, which needs the unaccent extension).
SEARCH_CONFIG_POSTGRES = "wmhn_english"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = SEARCH_CONFIG_POSTGRES
# Recordings for read-aloud (ballot intro and options) are documents too: the audio kinds.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_EXTENSIONS += ["m4a", "mp3", "oga", "ogg", "opus", "wav", "webm"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
# Wagtail's image with a caption, credit and licence (home/images.py).
WAGTAILIMAGES_IMAGE_MODEL = "home.SiteImage"

# Extra StreamField blocks offered to every body on the site, as
# (name, dotted path) pairs. Apps that home must not import (the ballot's
# results and voting blocks) join the shared library through this list.
HOME_EXTRA_BLOCKS = [
    ("ballot_form", "ballot.blocks.BallotFormBlock"),
    ("ballot_results", "ballot.blocks.ResultsBlock"),
]

# --- Ballot ---------------------------------------------------------------
# Accepted online votes per client address per hour (0 = no limit). Generous,
# because women share devices and connections in hospitals and partner offices.
BALLOT_IP_LIMIT = env.int("BALLOT_IP_LIMIT", default=30)
# Wrong ballot codes (see README, "Guessing codes"). Per browser session:
# past this the session waits, even for a right code.
BALLOT_WRONG_CODE_LIMIT = env.str("BALLOT_WRONG_CODE_LIMIT", default="5/10m")
# Per address: past this, wrong codes are answered "wait", but a right code
# is still accepted, so women sharing a connection are not shut out.
BALLOT_WRONG_CODE_IP_LIMIT = env.str("BALLOT_WRONG_CODE_IP_LIMIT", default="30/h")
# Per address, the hard ceiling on wrong codes: past it no code from the
# address is checked until the hour ends. This bounds guessing.
BALLOT_WRONG_CODE_IP_CEILING = env.str("BALLOT_WRONG_CODE_IP_CEILING", default="200/h")
# Groups smaller than this are shown as "fewer than N" in the results admin.
BALLOT_RESULTS_THRESHOLD = env.int("BALLOT_RESULTS_THRESHOLD", default=10)
# Largest ballot POST body accepted, in bytes; bigger ones get a 413 page unread.
BALLOT_MAX_BODY_SIZE = env.int("BALLOT_MAX_BODY_SIZE", default=16 * 1024)
# Public results (pages, block, results.json) are cached this many seconds.
BALLOT_RESULTS_CACHE_SECONDS = env.int("BALLOT_RESULTS_CACHE_SECONDS", default=3)
# After a vote, this browser is asked "have you voted already?" if it sends
# another online vote within this many seconds (an accidental second send).
# Kept short: the next woman on a shared phone must not be shut out or told.
BALLOT_DEVICE_MARK_SECONDS = env.int("BALLOT_DEVICE_MARK_SECONDS", default=120)
# A half-finished ballot on a kiosk is cleared after this many idle seconds,
# with an "I need more time" warning this many seconds before (WCAG 2.2.1).
BALLOT_KIOSK_IDLE_SECONDS = env.int("BALLOT_KIOSK_IDLE_SECONDS", default=120)
BALLOT_KIOSK_WARNING_SECONDS = env.int("BALLOT_KIOSK_WARNING_SECONDS", default=20)
# Key for the HMAC of ballot codes; empty means SECRET_KEY. Changing it makes
# every unused code invalid.
BALLOT_CODE_KEY = env.str("BALLOT_CODE_KEY", default="")
# Votes one kiosk (a shared device) may take per hour; 0 = no limit.
BALLOT_KIOSK_HOURLY_LIMIT = env.int("BALLOT_KIOSK_HOURLY_LIMIT", default=60)
# Kiosk links last this many days unless the maker chooses fewer (at most the maximum).
BALLOT_KIOSK_DAYS = env.int("BALLOT_KIOSK_DAYS", default=7)
BALLOT_KIOSK_MAX_DAYS = env.int("BALLOT_KIOSK_MAX_DAYS", default=30)
# Codes a partner may issue per ballot without approval, as a multiple of the
# votes they promised for it (when staff have not set a quota).
BALLOT_CODE_QUOTA_FACTOR = env.float("BALLOT_CODE_QUOTA_FACTOR", default=1.2)

SECURE_CONTENT_TYPE_NOSNIFF = True
# DENY: nothing frames the public site. Wagtail's preview views (under
# /admin/) set SAMEORIGIN on themselves for the editor's preview panel.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The immediate tasks backend logs every task it runs; only problems matter.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# === Security and operations (issue 6) =====================================
# Headers on every response, admin sign-in protection, the tasks database
# and frontend cache purges. Kept in one block so it merges cleanly; the
# production-only parts (HSTS, secure cookies, Redis, S3, JSON logs) are in
# production.py. See docs/deploy.md.
# Form widgets render through TEMPLATES, so templates/ can override a
# package's widget (django-recaptcha's inline script, see below).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


# Content-Security-Policy (django-csp 4). The public site has no inline
# scripts or styles; scripts load only from this site (and Google's
# reCAPTCHA when its keys are set). No nonces: the anonymous page cache
# (home/cache.py) would serve one visitor's nonce to the next, so every
# script is an external file under static/js/.
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
CSP_EXTRA_FRAME_SRC = env.list("CSP_EXTRA_FRAME_SRC", default=[])
CONTENT_SECURITY_POLICY = content_security_policy(
    media=CSP_MEDIA_ORIGINS, frames=CSP_EXTRA_FRAME_SRC, recaptcha=RECAPTCHA_ENABLED
)
ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
    admin=True, media=CSP_MEDIA_ORIGINS, frames=CSP_EXTRA_FRAME_SRC, recaptcha=RECAPTCHA_ENABLED
)
# The admin gets its own policy under these prefixes (ops.middleware).
ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]

# Browser features the site never uses are switched off for it and its frames.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Sign-in attempts (django-axes): after 5 failures for one username from one
# address, that username pauses for 15 minutes at that address only, so
# nobody elsewhere can lock a staff member out. SIGN_IN_RATE (above) bounds
# attempts from an address across usernames. Counted in the cache (Redis in
# production, shared by every app server), never stored in the database.
AUTHENTICATION_BACKENDS = [
    "ops.logins.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.ratelimit.client_key"
AXES_CLIENT_STR_CALLABLE = "ops.logins.client_str"
AXES_LOCKOUT_TEMPLATE = "ops/login_locked.html"
AXES_VERBOSE = False
if not REDIS_URL:
    # One process on a laptop: local memory counts attempts correctly.
    # Production requires REDIS_URL, so this warning cannot be hidden there.
    SILENCED_SYSTEM_CHECKS += ["axes.W001"]

# Two-step sign-in (django-otp, TOTP): staff turn it on from their account
# menu; once on, every admin session asks for a code. With
# ADMIN_TWO_FACTOR_REQUIRED, staff without it are sent to set it up.
ADMIN_TWO_FACTOR_REQUIRED = env.bool("ADMIN_TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# The admin asks no outside service: no Gravatar (it would send a hash of
# each editor's email to a third party) and no Wagtail release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Frontend cache (CDN) purges on publish: configured in production only.
WAGTAILFRONTENDCACHE = {}
# === end of security and operations =======================================
