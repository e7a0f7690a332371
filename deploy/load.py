"""`make load`: a bounded load test on loopback. See README.md, "Load".

Builds a throwaway PostgreSQL database (LOAD_DATABASE_URL, default academy_load on the
server DATABASE_URL names, or 127.0.0.1), loads the demo course and LOAD_USERS trainees into
it (on development settings: the demo loader refuses production), then serves it with
gunicorn on deploy/gunicorn.conf.py and production settings on a free loopback port, as
nginx would be in front of it (X-Forwarded-Proto: https, and each trainee its own address in
X-Forwarded-For). Each simulated trainee signs in through the login form, then for
LOAD_SECONDS loops: open a lesson, complete it, open a quiz question, save an answer.

Any answer that is not 2xx or 3xx, and any failed connection, is an error. Server time is
gunicorn's own (the access log's last field, microseconds from request to response) for
the requests of the measured loop; sign-in is warm-up and not counted. The last line
printed is one JSON object. The database is dropped at the end.

Then the lesson page against its floor: a second gunicorn, alike but serving lessons as plain
Wagtail does (`floor_application`: the definition in tests/benchmarks/course_pages.py), and
every trainee GETs the same lesson from each for LOAD_COMPARE_SECONDS (10) in all, in two
halves alternating between them, so a busy machine slows both alike; the JSON reports the
requests per second of each and their ratio (`lesson_vs_floor_speedup`, target ≥ 3). Both
run warm (each worker's cache filled by the requests before); cold throughput is not
measured here: emptying the cache before each request is `make bench`'s cold figure.

Nothing live is used: DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, email, Sentry and S3 are
blanked (an empty value also stops the checkout's `.env` from filling them in).

Environment: LOAD_SECONDS (60), LOAD_USERS (50), GUNICORN_WORKERS (3), LOAD_DATABASE_URL,
LOAD_COMPARE_SECONDS (10; 0 skips the comparison), LOAD_REDIS_URL (unset: each worker's own
cache, as on an installation without REDIS_URL).
The database's name must end in "_load" and must not be DATABASE_URL's own: the tool drops
and creates it.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "academy.example.org"
PASSWORD = "load-test-password-" + "7" * 8  # noqa: S105 - a throwaway database's accounts
ACCESS_LINE = re.compile(
    r'^\S+ (?P<id>\S+) \[[^\]]+\] "[^"]*" (?P<status>\d{3}) \S+ .* (?P<us>\d+)$'
)


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def database_url() -> str:
    """The throwaway database's address; SystemExit when it could be a real one."""
    main = os.environ.get("DATABASE_URL", "")
    url = os.environ.get("LOAD_DATABASE_URL", "")
    if not url:
        server = urllib.parse.urlsplit(main) if main.startswith("postgres") else None
        netloc = server.netloc if server else "postgres@127.0.0.1:5432"
        url = f"postgres://{netloc}/academy_load"
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if not name.endswith("_load"):
        sys.exit(f"load: refusing database {name!r}: its name must end in _load (it is dropped).")
    here, there = urllib.parse.urlsplit(main), urllib.parse.urlsplit(url)
    if main and (here.hostname, here.port, here.path) == (there.hostname, there.port, there.path):
        sys.exit("load: refusing to use DATABASE_URL's own database; set LOAD_DATABASE_URL.")
    return url


# Settings variables that point at something outside the load test: blanked, so neither the
# environment nor `.env` (settings read it with setdefault: an empty value wins) reaches them.
LIVE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SQLITE_PATH",
    "EMAIL_URL",
    "SENTRY_DSN",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def server_environment(environ: dict, url: str, folder: Path) -> dict:
    """The environment every process of the load test runs with: the throwaway database,
    folders in `folder`, LOAD_REDIS_URL or no Redis, no broker, no email, Sentry or S3."""
    base = {key: value for key, value in environ.items() if key not in LIVE_VARIABLES}
    base.update(dict.fromkeys(LIVE_VARIABLES, ""))
    base.update(
        DATABASE_URL=url,
        REDIS_URL=environ.get("LOAD_REDIS_URL", ""),
        STORAGE_BACKEND="local",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        STATIC_ROOT=str(folder / "static"),
        ALLOWED_HOSTS=HOST,
        PYTHONPATH=str(REPO),
    )
    return base


def floor_application(environ, start_response):
    """gunicorn's `load:floor_application`: the site with lessons served as plain Wagtail
    pages, routed by Wagtail's own tree walk rather than the learner pages' cached route:
    the floor `make bench` measures (tests/benchmarks/course_pages.py)."""
    global _floor
    if _floor is None:
        from lms.wsgi import application
        from tests.benchmarks.course_pages import _plain_wagtail_page

        _plain_wagtail_page().start()
        _floor = application
    return _floor(environ, start_response)


_floor = None


def _admin(url: str, statement: str) -> None:
    import psycopg

    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"load: manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Trainee(threading.Thread):
    """One simulated trainee: its own cookies, its own client address."""

    def __init__(self, number: int, port: int, email: str, plan: dict, run):
        super().__init__(daemon=True)
        self.number = number
        self.port = port
        self.email = email
        self.plan = plan
        self.run_state = run
        self.cookies: dict[str, str] = {}
        self.address = f"10.{number // 250}.{number % 250 + 1}.{1 + number % 200}"
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.requests = 0
        self.signed_in = False
        self.sign_in_done = threading.Event()

    # --- HTTP ---------------------------------------------------------------------------

    def request(
        self, method: str, path: str, form: dict | None = None, measured=True, refusal_ok=False
    ):
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "X-Request-ID": f"{'m' if measured else 'w'}-{self.number}-{self.requests}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            self.errors.append(f"{method} {path}: {error}")
            return None, b""
        finally:
            connection.close()
        if measured:
            self.requests += 1
            self.latencies.append((time.monotonic() - started) * 1000)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if not 200 <= response.status < 400 and not (refusal_ok and response.status == 409):
            self.errors.append(f"{method} {path}: {response.status}")
        return response, data

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    # --- What a trainee does ------------------------------------------------------------

    def sign_in(self) -> None:
        self.request("GET", "/accounts/login/", measured=False)
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            measured=False,
        )
        self.signed_in = response is not None and response.status == 302
        # The quizzes this trainee may start (a later module's quiz waits for the earlier
        # ones): found once here, before the clock starts.
        self.quizzes = []
        for quiz_id in self.plan["quizzes"] if self.signed_in else []:
            response, _ = self.request(
                "POST",
                f"/learn/quizzes/{quiz_id}/start/",
                {"csrfmiddlewaretoken": self.csrf()},
                measured=False,
                refusal_ok=True,
            )
            if response is not None and response.status == 302:
                self.quizzes.append(quiz_id)

    def answer_question(self, quiz_id: int) -> None:
        response, _ = self.request(
            "POST", f"/learn/quizzes/{quiz_id}/start/", {"csrfmiddlewaretoken": self.csrf()}
        )
        if response is None or response.status != 302:
            return
        attempt = urllib.parse.urlsplit(response.getheader("Location")).path
        position = 1 + self.requests % 3
        question = f"{attempt}{position}/"
        response, page = self.request("GET", question)
        if response is None or response.status != 200:
            return
        self.request(
            "POST",
            question,
            {**answer_for(page.decode()), "action": "next", "csrfmiddlewaretoken": self.csrf()},
        )

    def run(self) -> None:
        try:
            self.sign_in()
        finally:
            self.sign_in_done.set()
        if not self.signed_in:
            return
        self.run_state["ready"].wait()
        lessons, quizzes = self.plan["lessons"], self.quizzes
        step = self.number
        while time.monotonic() < self.run_state["until"]:
            lesson = lessons[step % len(lessons)]
            self.request("GET", lesson["url"])
            self.request(
                "POST",
                f"/learn/lessons/{lesson['id']}/complete/",
                {"csrfmiddlewaretoken": self.csrf()},
            )
            if quizzes:
                self.answer_question(quizzes[step % len(quizzes)])
            step += 1


def _gunicorn_start(env: dict, workers: int, log: Path, app: str):
    """gunicorn with deploy/gunicorn.conf.py serving `app` on a free port, once it accepts."""
    port = _free_port()
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                str(REPO / "deploy" / "gunicorn.conf.py"),
                "--pythonpath",
                str(REPO / "deploy"),
                app,
            ],
            cwd=REPO,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                _gunicorn_stop(server)
                sys.exit(f"load: gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


def _gunicorn_stop(server) -> None:
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _served_per_second(trainees: list, port: int, path: str, seconds: float) -> tuple:
    """(requests per second, errors): every signed-in trainee GETs `path` on `port` in a loop
    for `seconds`, with their own cookies, as the measured loop does."""
    until = time.monotonic() + seconds
    counts, errors = [], []

    def loop(trainee):
        done = 0
        while time.monotonic() < until:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request(
                    "GET",
                    path,
                    headers={
                        "Host": HOST,
                        "X-Forwarded-Proto": "https",
                        "X-Forwarded-For": trainee.address,
                        "Accept-Encoding": "gzip",
                        "Cookie": "; ".join(f"{k}={v}" for k, v in trainee.cookies.items()),
                    },
                )
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
                done += 1
            except OSError as error:
                errors.append(str(error))
            finally:
                connection.close()
        counts.append(done)

    threads = [
        threading.Thread(target=loop, args=(t,), daemon=True) for t in trainees if t.signed_in
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return sum(counts) / (time.monotonic() - started), len(errors)


def _lesson_vs_floor(trainees, plan, port, floor_port, seconds) -> dict:
    """The same lesson served by the site and by its plain Wagtail floor, in alternation."""
    path = plan["lessons"][0]["url"]
    rates = {"lesson": [], "floor": []}
    errors = 0
    for _ in range(2):
        for side, side_port in (("lesson", port), ("floor", floor_port)):
            rate, failed = _served_per_second(trainees, side_port, path, seconds / 2)
            rates[side].append(rate)
            errors += failed
    lesson, floor = statistics.fmean(rates["lesson"]), statistics.fmean(rates["floor"])
    return {
        "lesson_page_per_second": round(lesson, 1),
        "floor_page_per_second": round(floor, 1),
        "lesson_vs_floor_speedup": round(lesson / floor, 2) if floor else None,
        "lesson_vs_floor_target": 3.0,
        "lesson_vs_floor_errors": errors,
    }


def answer_for(page: str) -> dict:
    """A valid answer to the question on `page`, whatever its type, and its sequence."""
    form = {"sequence": re.search(r'name="sequence" value="(\d+)"', page).group(1)}
    choice = re.search(
        r'type="(?:radio|checkbox)" name="response" id="[^"]+" value="([^"]+)"', page
    )
    pairs = re.findall(
        r'<select name="(pair-\d+)"[^>]*>\s*<option value="">[^<]*</option>\s*'
        r'<option value="([^"]*)"',
        page,
    )
    if choice:
        form["response"] = choice.group(1)
    elif pairs:
        form.update(dict(pairs))
    elif 'inputmode="decimal"' in page:
        form["response"] = "3"
    else:
        form["response"] = "Listening without judging."
    return form


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    seconds = _env_int("LOAD_SECONDS", 60)
    users = _env_int("LOAD_USERS", 50)
    workers = _env_int("GUNICORN_WORKERS", 3)
    url = database_url()
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    folder = Path(tempfile.mkdtemp(prefix="academy-load-"))
    compare_seconds = _env_int("LOAD_COMPARE_SECONDS", 10)
    base = server_environment(dict(os.environ), url, folder)
    production = {
        **base,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "load-only-" + "s" * 60,
        "SITE_URL": f"https://{HOST}",
    }
    development = {**base, "DJANGO_SETTINGS_MODULE": "lms.settings.dev"}
    print(f"load: database {name}, {users} trainees, {seconds} s, {workers} gunicorn worker(s)")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(url, f'CREATE DATABASE "{name}"')
    server = floor = None
    compared = {}
    try:
        _manage(development, "migrate", "--noinput", "-v0")
        _manage(development, "setup_site")
        _manage(development, "load_demo")
        plan = json.loads(
            _manage(development, "load_seed", "--users", str(users), "--password", PASSWORD)
            .strip()
            .splitlines()[-1]
        )
        _manage(production, "collectstatic", "--noinput", "-v0")
        log = folder / "access.log"
        server, port = _gunicorn_start(production, workers, log, "lms.wsgi")
        run = {"ready": threading.Event(), "until": 0.0}
        trainees = [
            Trainee(number, port, email, plan, run)
            for number, email in enumerate(plan["emails"], start=1)
        ]
        for trainee in trainees:
            trainee.start()
        # Everyone signs in first (warm-up, not measured), then the clock starts.
        for trainee in trainees:
            trainee.sign_in_done.wait(300)
        started = time.monotonic()
        run["until"] = started + seconds
        run["ready"].set()
        for trainee in trainees:
            trainee.join(seconds + 120)
        elapsed = time.monotonic() - started
        if compare_seconds > 0:
            floor, floor_port = _gunicorn_start(
                production, workers, folder / "floor.log", "load:floor_application"
            )
            compared = _lesson_vs_floor(trainees, plan, port, floor_port, compare_seconds)
    finally:
        for process in (server, floor):
            _gunicorn_stop(process)
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    server_ms = []
    for line in log.read_text().splitlines():
        match = ACCESS_LINE.match(line)
        if match and match["id"].startswith("m-"):
            server_ms.append(int(match["us"]) / 1000)
    shutil.rmtree(folder, ignore_errors=True)
    errors = [error for trainee in trainees for error in trainee.errors]
    not_signed_in = sum(1 for trainee in trainees if not trainee.signed_in)
    client_ms = [value for trainee in trainees for value in trainee.latencies]
    requests = sum(trainee.requests for trainee in trainees)
    for error in errors[:10]:
        print(f"load: error: {error}", file=sys.stderr)
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 1),
                "users": users,
                "gunicorn_workers": workers,
                "cpus": os.cpu_count(),
                "requests": requests,
                "requests_per_second": round(requests / elapsed, 1) if elapsed else 0,
                "server_ms_p50": round(percentile(server_ms, 0.50), 1),
                "server_ms_p95": round(percentile(server_ms, 0.95), 1),
                "server_ms_p99": round(percentile(server_ms, 0.99), 1),
                "client_ms_p50": round(percentile(client_ms, 0.50), 1),
                "client_ms_p95": round(percentile(client_ms, 0.95), 1),
                "client_ms_mean": round(statistics.fmean(client_ms), 1) if client_ms else 0,
                "server_times_logged": len(server_ms),
                "not_signed_in": not_signed_in,
                "errors": len(errors) + not_signed_in,
                **compared,
            }
        )
    )


if __name__ == "__main__":
    main()
