"""gunicorn settings for Peer Support Academy: `gunicorn -c deploy/gunicorn.conf.py lms.wsgi`.

Read by deploy/systemd/academy-web.service, by `make load` and by tests/ops/test_deploy.py, so
what is measured and tested is what runs. Every value can be changed from the environment
(/etc/academy/env under systemd) without editing this file.
"""

import os

# Where gunicorn listens. nginx on the same machine proxies to it (deploy/nginx/academy.conf);
# keep it on loopback so that nothing else can reach the app without going through nginx.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, one request each at a time. A request spends part of its time waiting for
# PostgreSQL, when its worker's core is free for another worker; so run a little more than
# one worker per core. On 2 cores with PostgreSQL on the same machine, `make load` (50
# trainees) served 42 requests a second with 2 workers and 65-76 with 3, at the same server
# time (README.md, "Load"): 3 on a 2-core server. Measure before going further: each worker
# holds a database connection (CONN_MAX_AGE) and about 150 MB, and past the cores' capacity
# more workers only queue. Without REDIS_URL the rate-limit counters live in each worker's
# memory: run 1 worker then, or set REDIS_URL.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"

# Load the app once in the master, then fork: workers share its memory, and a broken
# deployment (bad settings, missing SECRET_KEY) fails at start instead of in every worker.
preload_app = True

# A request taking longer than this is killed (and answers 502 through nginx). Keep it above
# the slowest legitimate request (a certificate PDF rendered in the request without a broker,
# a large CSV import) and below nginx's proxy_read_timeout (60 s) so that gunicorn, not
# nginx, decides.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx keeps connections to gunicorn open between requests (upstream keepalive).
keepalive = 5
# Recycle a worker after this many requests (plus jitter, so they do not all restart at
# once): a guard against slow memory growth in a long-lived process.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# The workers' heartbeat files go to memory, not to a disk that can stall under load (a
# stalled heartbeat makes the master kill a healthy worker).
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a tmpfs on Linux, which is the point

# The proxy in front is trusted for X-Forwarded-Proto (Django reads it through
# SECURE_PROXY_SSL_HEADER too). Only loopback by default: nginx runs on the same machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stderr (the journal under systemd). One access line per request: the address
# nginx saw (X-Real-IP), the request id nginx sets (X-Request-ID, "-" without one), the
# request line, status, size, referrer, user agent and the server time in microseconds
# (the last field; `make load` reads it). Query strings are in the request line: this site
# never puts private text in a URL.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-real-ip}i)s %({x-request-id}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
)
proc_name = "academy-web"
