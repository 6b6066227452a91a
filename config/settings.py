"""Baomi settings: one module, driven by environment variables (see README)."""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(BASE_DIR / "var" / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Lower to higher: core <- audit <- reports <- accounts <- personnel <- approvals <- clearance
    # <- training, archives <- onboarding, offboarding (tests/test_layering.py).
    "core",
    "audit",
    "reports",
    "accounts",
    "personnel",
    "approvals",
    "clearance",
    "training",
    "archives",
    "onboarding",
    "offboarding",
    "exams",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.middleware.RejectNullBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AccountPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.security_log.RefusalLogMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["core.templatetags.people"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "personnel.context_processors.current_employee",
                "approvals.context_processors.badges",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # A worker keeps its connection between requests (opening one costs ~14 ms here,
        # more than most pages' own work), checked before reuse.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, checking a kept connection without a round trip (core.postgresql).
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    # Django binds parameters on the client, which never prepares a statement; the few
    # queries every page runs are prepared on request (core.prepared), none by count.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker write at once: IMMEDIATE transactions plus WAL and a
    # long busy timeout avoid "database is locked" (ENVIRONMENT.md, measured).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000; PRAGMA synchronous=NORMAL;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Audit trail and database roles (C5, C10) ------------------------------------------
# The access log's hash chain and its daily checkpoints are keyed (HMAC) with AUDIT_KEY, which
# never enters the database: whoever can rewrite the tables cannot recompute the chain. Without
# AUDIT_KEY, a random key made once and kept in AUDIT_KEY_FILE (owner only). Keep it, and
# keep it apart from database backups: a log chained under a lost key no longer verifies.
AUDIT_KEY_MIN_LENGTH = 32
AUDIT_KEY_FILE = Path(env_str("AUDIT_KEY_FILE", str(BASE_DIR / "var" / "audit_key")))
AUDIT_KEY = env_str("AUDIT_KEY") or local_secret_key(AUDIT_KEY_FILE)
if len(AUDIT_KEY) < AUDIT_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"AUDIT_KEY must be at least {AUDIT_KEY_MIN_LENGTH} characters, got {len(AUDIT_KEY)}"
    )
# Only for the one-off migration that keys an existing chain (audit 0007): it refuses to
# re-chain a log whose old chain is broken unless this is set.
AUDIT_RECHAIN_BROKEN_LOG = env_bool("AUDIT_RECHAIN_BROKEN_LOG", False)
# The head of the chain is written here once a day (signed, never overwritten): a place the
# application's database role cannot reach, so cutting or emptying the log is found.
AUDIT_CHECKPOINT_DIR = Path(
    env_str("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints"))
)
# PostgreSQL: the role the application connects as. It owns no table; `migrate`, run as the
# owner (DATABASE_OWNER_URL, scripts/migrate.sh), grants it what it needs and no more
# (audit/db_roles.py). Empty (SQLite, development): one role does everything, as before.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE")
if DATABASE_APP_ROLE and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DATABASE_APP_ROLE):
    raise ImproperlyConfigured(
        f"DATABASE_APP_ROLE must be a lower-case PostgreSQL role name, got {DATABASE_APP_ROLE!r}"
    )

# --- Cache and broker ------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Every page reads the session: from Redis, with the database as its durable copy (expiry
    # checked by the application's clock, core.sessions). Only with a shared cache: a
    # per-process one would let one worker miss another's logout.
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_DATA_DIR = Path(env_str("CELERY_DATA_DIR", str(BASE_DIR / "var" / "celery")))
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded quick-start broker: a folder shared by web, worker and beat on one host.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
    }
    for _folder in ("queue", "processed", "control"):
        (CELERY_DATA_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = env_str("TIME_ZONE", "Asia/Shanghai")
# django-celery-beat's database scheduler, writing beat's heartbeat as it ticks (audit/beat.py).
CELERY_BEAT_SCHEDULER = "audit.beat:HeartbeatScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Auth and permissions --------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked accounts
    "accounts.backends.RightsBackend",  # Django's ModelBackend, one query for the rights
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions
GUARDIAN_MONKEY_PATCH_USER = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.LettersAndDigitsValidator"},
    {"NAME": "accounts.validators.PasswordHistoryValidator"},
]
# C8: every number is a setting.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5)

# Second factor (TOTP) for every account that can reach 绝密 content, the access log or the
# administration (C10): these roles, and anyone whose effective clearance is 绝密
# (TWO_FACTOR_TOP_SECRET, a rule the clearance app registers with accounts).
TWO_FACTOR_ROLES = env_list(
    "TWO_FACTOR_ROLES",
    "sysadmin,secadmin,secauditor,security_officer,auditor,confidentiality_committee,hr_head,gm",
)
TWO_FACTOR_TOP_SECRET = env_bool("TWO_FACTOR_TOP_SECRET", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Baomi")
# Such an account enrols only through a one-time link from the security administrator.
ENROLMENT_LINK_HOURS = env_int("ENROLMENT_LINK_HOURS", 72)
if ENROLMENT_LINK_HOURS < 1:
    raise ImproperlyConfigured(
        f"ENROLMENT_LINK_HOURS must be at least 1, not {ENROLMENT_LINK_HOURS}"
    )

# Brute force: 5 failures from one address lock that address for 15 minutes, whatever
# accounts it tried, so an outsider guessing at `security` locks themselves out, not the
# security office; an account is locked only after 20 failures from any addresses within
# the same 15 minutes (a distributed guess). See accounts.lockout.
AXES_HANDLER = "accounts.lockout.AddressFirstHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
if not 1 <= AXES_FAILURE_LIMIT <= LOGIN_ACCOUNT_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT (per address) must be at least 1 and at most "
        f"LOGIN_ACCOUNT_FAILURE_LIMIT, got {AXES_FAILURE_LIMIT} and {LOGIN_ACCOUNT_FAILURE_LIMIT}"
    )
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_USERNAME_CALLABLE = "accounts.services.attempted_username"
# Attempts refused during a lock are not counted: a locked address cannot go on adding
# failures to an account until the account locks too.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# The address a login comes from. Behind our own proxy it is the one the proxy appended to
# X-Forwarded-For (else every login would come from the proxy, and five failures lock
# everyone out); without one, a spoofed X-Forwarded-For changes nothing.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Backups (R4): `manage.py backup`, daily by default; the newest BACKUP_KEEP are kept. With
# BACKUP_KEY set, archives are encrypted with a key derived from it (keep it elsewhere).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_KEY = env_str("BACKUP_KEY", "")
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# The largest uploaded file (scan, CV, letter, training material), checked before its content.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
if UPLOAD_MAX_MB < 1:
    raise ImproperlyConfigured(f"UPLOAD_MAX_MB must be at least 1, got {UPLOAD_MAX_MB}")
# The first handler stops keeping a file's bytes at UPLOAD_MAX_MB, before any reaches disk.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A form sends a handful of files; a request with more is refused outright (400).
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Larger uploads wait on disk, not in memory, while the request is read (Django's default).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploaded files are private records: readable by the service's own user and group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- E-mail ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "baomi@localhost")

# --- Security (check --deploy clean when DEBUG is off) ---------------------------------
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: the cookie lives this long after the last request; absolute lifetime in
# accounts.middleware.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# The idle timeout counts from the last write: AccountPolicyMiddleware writes the session at
# most once a SESSION_TOUCH_SECONDS while the user works, not on every request.
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Baomi ----------------------------------------------------------------------------
# True when a test needing PostgreSQL/Redis must fail rather than skip (.ci/run sets it).
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)
EMPLOYEES_PER_PAGE = env_int("EMPLOYEES_PER_PAGE", 50)
ROSTER_ROWS_PER_PAGE = env_int("ROSTER_ROWS_PER_PAGE", 32)
PDF_CHUNK_PAGES = env_int("PDF_CHUNK_PAGES", 40)
PDF_WORKERS = env_int("PDF_WORKERS", 2)
PDF_FONT_FAMILY = env_str("PDF_FONT_FAMILY", "Noto Sans CJK SC")
PDF_TIMEOUT_SECONDS = env_int("PDF_TIMEOUT_SECONDS", 120)
# Laid-out chunks of long reports, kept by the hash of their HTML (reports.pdf_cache); 0: none.
PDF_CACHE_DIR = Path(env_str("PDF_CACHE_DIR", str(BASE_DIR / "var" / "pdf-cache")))
PDF_CACHE_MB = env_int("PDF_CACHE_MB", 256)
# A filtered listing (access log, change history) printed while the user waits holds at most
# this many rows (the roster's scale); past it the page asks for a narrower filter.
REPORT_PDF_MAX_ROWS = env_int("REPORT_PDF_MAX_ROWS", 10000)
# The change history's Excel names each change's record and fields (about 0.5 ms a row at
# 10,000 employees): past this many rows it too asks for a narrower period.
CHANGE_HISTORY_XLSX_MAX_ROWS = env_int("CHANGE_HISTORY_XLSX_MAX_ROWS", 20000)

# Background work that finishes or says why (R4).
# A background export running longer than this is stopped and marked failed.
EXPORT_TIME_LIMIT_SECONDS = env_int("EXPORT_TIME_LIMIT_SECONDS", 900)
# A running export touches its heartbeat this often; silent this long, its worker is gone.
EXPORT_HEARTBEAT_SECONDS = env_int("EXPORT_HEARTBEAT_SECONDS", 10)
EXPORT_SILENT_SECONDS = env_int("EXPORT_SILENT_SECONDS", 120)
# A queued export no worker has started within this long is marked failed.
EXPORT_QUEUE_TIMEOUT_SECONDS = env_int("EXPORT_QUEUE_TIMEOUT_SECONDS", 3600)
# An import from Excel (issue 17): its check or its import running longer than this is
# stopped and marked failed (nothing is written); a file with more rows is refused.
IMPORT_TIME_LIMIT_SECONDS = env_int("IMPORT_TIME_LIMIT_SECONDS", 600)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# A failed scheduled task is tried again after about 1, 2, 4… times this, up to the maximum.
SCHEDULE_RETRY_MAX = env_int("SCHEDULE_RETRY_MAX", 5)
SCHEDULE_RETRY_BACKOFF_SECONDS = env_int("SCHEDULE_RETRY_BACKOFF_SECONDS", 60)
SCHEDULE_RETRY_BACKOFF_MAX_SECONDS = env_int("SCHEDULE_RETRY_BACKOFF_MAX_SECONDS", 3600)
# A starting worker runs the scheduled tasks whose slot passed without a successful run.
SCHEDULE_CATCH_UP = env_bool("SCHEDULE_CATCH_UP", True)
# The worker and beat write a heartbeat this often; /healthz answers 503 when one of them has
# been silent longer than its limit.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 30)
WORKER_SILENT_SECONDS = env_int("WORKER_SILENT_SECONDS", 180)
BEAT_SILENT_SECONDS = env_int("BEAT_SILENT_SECONDS", 180)
for _name, _silent, _beat in (
    ("EXPORT_SILENT_SECONDS", EXPORT_SILENT_SECONDS, EXPORT_HEARTBEAT_SECONDS),
    ("WORKER_SILENT_SECONDS", WORKER_SILENT_SECONDS, HEARTBEAT_SECONDS),
    ("BEAT_SILENT_SECONDS", BEAT_SILENT_SECONDS, HEARTBEAT_SECONDS),
):
    if _beat < 1 or _silent <= 2 * _beat:
        raise ImproperlyConfigured(
            f"{_name} ({_silent}) must exceed twice its heartbeat interval ({_beat}), "
            "and the interval must be at least 1 second"
        )
if EXPORT_TIME_LIMIT_SECONDS < 1:
    raise ImproperlyConfigured("EXPORT_TIME_LIMIT_SECONDS must be at least 1")

# Offboarding (F1, F9, F10): every number is a setting.
RESIGNATION_NOTICE_DAYS = env_int("RESIGNATION_NOTICE_DAYS", 30)
DECRYPTION_MONTHS = {
    "core": env_int("DECRYPTION_MONTHS_CORE", 36),
    "important": env_int("DECRYPTION_MONTHS_IMPORTANT", 24),
    "general": env_int("DECRYPTION_MONTHS_GENERAL", 12),
}
DECRYPTION_SUPERVISING_UNIT = env_str("DECRYPTION_SUPERVISING_UNIT", "保密办")
DECRYPTION_ANNOUNCE_DAYS = env_int("DECRYPTION_ANNOUNCE_DAYS", 30)
APPROVAL_REMIND_AFTER_DAYS = env_int("APPROVAL_REMIND_AFTER_DAYS", 2)
APPROVAL_ESCALATE_AFTER_DAYS = env_int("APPROVAL_ESCALATE_AFTER_DAYS", 5)
LAST_DAY_WARNING_DAYS = env_int("LAST_DAY_WARNING_DAYS", 7)

# Clearance (C3, C7): every number is a setting.
TEMPORARY_CLEARANCE_MAX_DAYS = env_int("TEMPORARY_CLEARANCE_MAX_DAYS", 90)
CLEARANCE_WARNING_DAYS = env_int("CLEARANCE_WARNING_DAYS", 7)
REVIEW_INTERVAL_MONTHS = env_int("REVIEW_INTERVAL_MONTHS", 12)
VIOLATION_WINDOW_MONTHS = env_int("VIOLATION_WINDOW_MONTHS", 12)

# Training (T2, T5): every number is a setting.
TRAINING_PASS_MARK = env_int("TRAINING_PASS_MARK", 60)
TRAINING_INCLUDE_DECRYPTION = env_bool("TRAINING_INCLUDE_DECRYPTION", False)
TRAINING_REMINDER_DAYS = env_int("TRAINING_REMINDER_DAYS", 7)
# Study hours (学时) each person should earn in a calendar year: below it shows on their page,
# the head's view and the compliance report.
TRAINING_MIN_HOURS_PER_YEAR = env_int("TRAINING_MIN_HOURS_PER_YEAR", 8)

# Archives (A3, A4, A6): every number is a setting.
LOAN_MAX_DAYS = env_int("LOAN_MAX_DAYS", 3)
READING_ACCESS_DAYS = env_int("READING_ACCESS_DAYS", 7)
MISSING_INCIDENT_DAYS_TOP_SECRET = env_int("MISSING_INCIDENT_DAYS_TOP_SECRET", 10)
MISSING_INCIDENT_DAYS_OTHER = env_int("MISSING_INCIDENT_DAYS_OTHER", 60)
# The department that runs the archive: its head approves 机密/绝密 reading (A3).
ARCHIVES_DEPARTMENT_CODE = env_str("ARCHIVES_DEPARTMENT_CODE", "ADM")
ARCHIVE_ITEMS_PER_PAGE = env_int("ARCHIVE_ITEMS_PER_PAGE", 50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step, axes every login, at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
# Travel abroad (C6): the return report is chased this many days after the return date,
# a held travel document is overdue this many days after it.
TRAVEL_RETURN_REMINDER_DAYS = env_int("TRAVEL_RETURN_REMINDER_DAYS", 3)
TRAVEL_DOCUMENT_DUE_DAYS = env_int("TRAVEL_DOCUMENT_DUE_DAYS", 5)
