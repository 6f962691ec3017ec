"""Default configuration: every setting the web app reads, with its default and why.

Layering (see create_app): these defaults, then `webapp.cfg` in the data directory
(Python syntax, upper-case names), then environment variables `KB_<NAME>` (values are
parsed as JSON where possible: KB_SESSION_COOKIE_SECURE=true, KB_WORKERS=4).  Tests
pass a mapping instead of the file and the environment.
"""

# Where state lives: None → kb.settings defaults (data/ beside the code, ../shared/corpus).
DATA_DIR = None
DATABASE_URL = None
CORPUS = None

# None → a random key generated once and kept in <data dir>/secret_key (mode 600), so
# every worker and every restart share it.  Set it to keep it elsewhere.
SECRET_KEY = None

# Sessions: cookie flags and the 等保 idle timeout.  Secure is off by default because
# bureau intranets often serve plain http; turn it on wherever the site is served over https.
SESSION_COOKIE_NAME = "kb_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
SESSION_IDLE_MINUTES = 30
SESSION_MAX_HOURS = 12

# Forms: CSRF tokens live as long as a session may.
WTF_CSRF_TIME_LIMIT = 12 * 3600

# Request size limits: the largest upload is a user sheet (xlsx/csv).
MAX_CONTENT_LENGTH = 8 * 1024 * 1024
MAX_FORM_MEMORY_SIZE = 1024 * 1024
MAX_FORM_PARTS = 1000

# Accounts (等保2.0 level 2).
PASSWORD_SCRYPT_N = 2 ** 17
PASSWORD_MIN_LENGTH = 8
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15
# Failures from one address (whatever the name) before each name is limited to one try
# per backoff period there; 0 turns the address limit off.  See TRUSTED_PROXIES below.
LOGIN_IP_MAX_FAILURES = 30
LOGIN_IP_WINDOW_MINUTES = 15
API_TOKEN_DAYS = 30

# Production server (flask --app webapp serve).
BIND = "127.0.0.1:8000"
WORKERS = 2
THREADS = 4
# Logs (webapp/request_log.py): "json" — one JSON line per request (time, method, endpoint,
# status, duration, user id, request id) and errors as JSON lines with their traceback, for a
# log collector; "text" — gunicorn's combined access lines and plain-text errors.
LOG_FORMAT = "json"
# Where the access lines go ("-": standard output; a file path: appended to; empty: nowhere).
ACCESS_LOG = "-"
# A bulk import of a city's 2,000 users hashes 2,000 passwords: allow it the time.
WORKER_TIMEOUT = 180
# Seconds gunicorn keeps an idle keep-alive connection open.  Longer than the idle timeout
# of whatever reuses connections in front of it (nginx's upstream keepalive_timeout: 60 s
# in deploy/nginx/kb.conf), so the client side closes idle connections, never the server
# while a request is on its way: gunicorn's default of 2 s closed connections that clients
# were about to reuse — a GET is resent by a browser, a POST through nginx becomes a 502
# (bench/web_load: RemoteDisconnected on a loaded machine).  Idle connections cost no
# thread (gthread keeps them in its poller), up to WORKER_CONNECTIONS per worker.
KEEPALIVE_SECONDS = 75
WORKER_CONNECTIONS = 1000
# Requests after which a worker is replaced (against slow memory growth), with 10 % jitter
# so the workers never restart together; 0: never.  High enough that a city round (300
# answers/s) does not restart a worker every minute, each restart costing the new worker's
# warm-up (jieba's dictionary, the index's statute names).
MAX_REQUESTS = 50000

# Send static files with a long cache lifetime: their URLs carry a content hash.
SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
JSON_AS_ASCII = False

# Who may read the Prometheus text at /metrics besides the loopback: CIDRs, comma-separated
# (e.g. "10.8.0.0/24" for the monitoring server's network).  Others get 404.
METRICS_ALLOWED_NETWORKS = ""

# Number of reverse proxies in front of the app (nginx: 1) whose X-Forwarded-For is trusted,
# so the audit log and the login throttle see the real client address.
TRUSTED_PROXIES = 0
WTF_I18N_ENABLED = False

# The address staff use to reach the site, for links in email and group-robot notices
# (e.g. "http://kb.audit.local").  Empty: notices carry site-relative links only.
PUBLIC_URL = ""

# Email notices (SMTP).  Empty MAIL_SERVER: email is off (in-app and robots still work).
# MAIL_SECURITY is "starttls", "ssl" or "none"; credentials belong in webapp.cfg or
# KB_MAIL_* environment variables, never in the code.  MAIL_CA_FILE: an internal CA bundle.
MAIL_SERVER = ""
MAIL_PORT = 587
MAIL_SECURITY = "starttls"
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_SENDER = ""
MAIL_TIMEOUT = 10
MAIL_CA_FILE = ""
# Group-robot webhooks: seconds before a hanging robot counts as failed.
ROBOT_TIMEOUT = 5
# The scheduler process (flask --app webapp scheduler): seconds between reconcile passes.
SCHEDULER_INTERVAL_SECONDS = 30
# Tasks one worker process (`flask --app webapp worker`) runs at once: an import and
# deliveries side by side.
WORKER_THREADS = 4
# Seconds between the notice delivery worker's sweeps for messages left over (retries, robot
# rate limits); new notices go out at once whatever this is.
NOTICE_SWEEP_SECONDS = 60
