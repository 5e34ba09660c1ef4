"""Server time of every main page beside Django's floor, on a real gunicorn (not part of the test run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/braa_bench .venv/bin/python bench/bench_pages.py
    … bench/bench_pages.py --load          # 50 anonymous clients on /progress/ for 30 s
    … bench/bench_pages.py --only agreement --samples 10

Needs bench data (`manage.py seed_reference && manage.py generate_bulk --scale M`). Starts gunicorn with 2
workers and production settings (DEBUG off, manifest static files, Redis cache and sessions) on loopback,
logs in by putting sessions into the session store and sending their cookie, and stops gunicorn at the end.
Per page: the median and p95 of warm requests, the first render after the cache was cleared, and the warm
median as a multiple of the floor (/bench/floor/: base.html through the same middleware, BENCH_FLOOR only)
for the same kind of session, anonymous or logged in. Prints a markdown table.
"""

import argparse
import http.client
import os
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

HOST = "127.0.0.1"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "brasite.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-that-is-long-enough-for-the-checks-0123456789",
    "ALLOWED_HOSTS": HOST,
    "BENCH_FLOOR": "true",
    "WEB_CONCURRENCY": "2",
    "GUNICORN_TIMEOUT": "300",
    "LOG_LEVEL": "WARNING",
}
# What the proxy in front adds in production (Django then needs no HTTPS redirect).
HEADERS = {"X-Forwarded-Proto": "https", "Host": HOST}
BACKEND = "django.contrib.auth.backends.ModelBackend"
WARM_UP_RENDERS = 6  # a page missed both of the 2 workers' first renders in 2 × 0.5**6 = 3 % of runs
ACCOUNTS = {
    "staff": {"email": "bench-staff@example.com", "is_staff": True},
    "coordinator": {"email": "bench-coordinator@example.com", "role": "coordinator"},
    "viewer": {"email": "bench-viewer@example.com", "role": "viewer"},
}


def setup_django(redis_url: str) -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("REDIS_URL", redis_url)
    os.environ.setdefault("CACHE_URL", os.environ["REDIS_URL"])
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with bench data (manage.py generate_bulk).")
    import django

    django.setup()


def accounts() -> dict:
    """The bench's users (made once), the coordinator in Aarhus."""
    from partnerships.models import Municipality, User

    users = {}
    for role, fields in ACCOUNTS.items():
        fields = dict(fields)
        user, _created = User.objects.get_or_create(email=fields.pop("email"), defaults=fields)
        users[role] = user
    users["coordinator"].municipalities.set([Municipality.objects.get(code="0751")])
    return users


def session_cookie(user) -> str:
    """A logged-in session in the session store, as login would make it; its cookie header, with the CSRF
    cookie a browser has from its first page (a page with a form is kept for that cookie only)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    csrf_secret = get_random_string(32, string.ascii_letters + string.digits)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def pages() -> list[tuple[str, str, str]]:
    """(label, role, path) for every main page; role None is an anonymous visitor."""
    from django.urls import reverse

    from partnerships.models import Company, CooperationAgreement, School
    from partnerships.schoolyears import SchoolYear

    aarhus = {"school__municipality__code": "0751"}
    agreement = CooperationAgreement.objects.filter(**aarhus).order_by("pk").first()
    school = School.objects.filter(municipality__code="0751").order_by("pk").first()
    company = Company.objects.filter(municipality__code="0751").order_by("pk").first()
    if agreement is None:
        sys.exit("No bench data: run `manage.py generate_bulk --scale M` first.")
    year = SchoolYear.current().start_year - 1
    return [
        ("floor", None, reverse("bench_floor")),
        ("start page", None, reverse("reporting:home")),
        ("public progress", None, reverse("reporting:public_progress")),
        ("public progress CSV", None, reverse("reporting:public_progress_csv")),
        ("public progress JSON", None, reverse("reporting:public_progress_json")),
        ("floor", "coordinator", reverse("bench_floor")),
        ("workspace Aarhus", "coordinator", reverse("reporting:workspace_municipality", args=["aarhus"])),
        ("municipality page", "coordinator", reverse("reporting:municipality_detail", args=["aarhus"])),
        ("agreement list", "coordinator", reverse("partnerships:agreement_list")),
        ("agreement list (all)", "staff", reverse("partnerships:agreement_list")),
        ("agreement detail", "coordinator", agreement.get_absolute_url()),
        ("school list", "coordinator", reverse("partnerships:school_list")),
        ("company list", "coordinator", reverse("partnerships:company_list")),
        ("agreement create form", "coordinator", reverse("partnerships:agreement_create")),
        ("agreement edit form", "coordinator", reverse("partnerships:agreement_update", args=[agreement.pk])),
        ("school form", "coordinator", reverse("partnerships:school_update", args=[school.pk])),
        ("company form", "coordinator", reverse("partnerships:company_update", args=[company.pk])),
        ("region overview", "viewer", reverse("reporting:region_overview")),
        ("annual report", "viewer", reverse("reporting:annual_report")),
        ("annual report xlsx", "viewer", reverse("reporting:annual_report_xlsx", args=[year])),
    ]


def get(port: int, path: str, cookie: str | None, timeout: float = 120) -> tuple[int, float]:
    """One GET on a new connection (gunicorn's sync workers close each one): status and seconds."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = dict(HEADERS, Cookie=cookie) if cookie else HEADERS
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


class Server:
    """gunicorn with the project's configuration, 2 workers, on a loopback port; always stopped."""

    def __init__(self, port: int):
        self.port = port
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)

    def __enter__(self):
        command = [
            str(BASE_DIR / ".venv/bin/gunicorn"),
            "brasite.wsgi",
            "--config",
            str(BASE_DIR / "brasite/gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            "2",
        ]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=os.environ.copy(), stdout=self.log, stderr=subprocess.STDOUT
        )
        for _ in range(200):
            try:
                if get(self.port, "/healthz", None, timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.__exit__()
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(port, path, login, *, samples: int, budget: float, timeout: float) -> dict:
    """Uncached first renders (cache cleared before each), then warm requests, within about `budget` s."""
    try:
        return measured(port, path, login, samples=samples, budget=budget, timeout=timeout)
    except TimeoutError:
        # Both workers may still be busy with the unanswered requests: wait until they are free again.
        for _ in range(2):
            get(port, "/healthz", None, timeout=600)
        slow = {"median": timeout, "p95": timeout, "uncached": timeout}
        return {"status": f"no answer in {timeout:.0f} s", "n": 0, **slow}


def measured(port, path, login, *, samples: int, budget: float, timeout: float) -> dict:
    from django.core.cache import cache

    def fetch(port, path, cookie):
        return get(port, path, cookie, timeout=timeout)

    statuses, uncached, warm = set(), [], []
    # Each worker renders the page once, uncached, so that it has compiled the page's templates (a worker
    # does that once in its life, not after each change); the page lands on either worker, so a few times.
    for _ in range(WARM_UP_RENDERS):
        cache.clear()
        if fetch(port, path, login())[1] > budget / WARM_UP_RENDERS:
            break
    started = time.perf_counter()
    for _ in range(3):
        cache.clear()  # sessions live in the cache too: log in again after it
        cookie = login()
        status, seconds = fetch(port, path, cookie)
        statuses.add(status)
        uncached.append(seconds)
        if time.perf_counter() - started > budget / 3:
            break
    cookie = login()
    started = time.perf_counter()
    while len(warm) < samples and (len(warm) < 2 or time.perf_counter() - started < budget):
        status, seconds = fetch(port, path, cookie)
        statuses.add(status)
        warm.append(seconds)
    return {
        "status": "/".join(map(str, sorted(statuses))),
        "median": statistics.median(warm),
        "p95": percentile(warm, 0.95),
        "uncached": statistics.median(uncached),
        "n": len(warm),
    }


def run_pages(port: int, args) -> None:
    users = accounts()
    table = []
    floors = {}
    for label, role, path in pages():
        if args.only and label != "floor" and not any(word in label for word in args.only):
            continue
        user = users.get(role)

        def login(user=user):
            return session_cookie(user) if user is not None else None

        result = measure(port, path, login, samples=args.samples, budget=args.budget, timeout=args.timeout)
        kind = "logged in" if role else "anonymous"
        if label == "floor":
            floors[kind] = result["median"]
        table.append((label, role or "anonymous", kind, result))
        print(f"  {label} ({role or 'anonymous'}): {result['median'] * 1000:.1f} ms", file=sys.stderr)
    print("| page | role | status | warm median | warm p95 | uncached | × floor | n |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, role, kind, r in table:
        ratio = r["median"] / floors[kind] if floors.get(kind) else float("nan")
        print(
            f"| {label} | {role} | {r['status']} | {r['median'] * 1000:.1f} ms | {r['p95'] * 1000:.1f} ms "
            f"| {r['uncached'] * 1000:.1f} ms | {ratio:.1f} | {r['n']} |"
        )


# wrk's report, in microseconds: requests, errors (connection, read, write, timeout, not 2xx/3xx), p50, p95.
WRK_REPORT = """done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50), latency:percentile(95)))
end
"""


def wrk_clients(port: int, path: str, args) -> tuple[int, int, float, float]:
    """The anonymous clients as wrk (written in C, so the load takes little CPU from the server it
    measures): answers, errors, median and p95 in seconds."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    command = ["wrk", "-t2", f"-c{args.clients}", f"-d{args.seconds}s", "--timeout", "10s", "-s", script.name]
    command += [arg for name, value in HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run([*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True).stdout
    os.unlink(script.name)
    requests, errors, median, p95 = next(
        line for line in output.splitlines() if line.startswith("wrk ")
    ).split()[1:]
    return int(requests) - int(errors), int(errors), int(median) / 1e6, int(p95) / 1e6


def python_clients(port: int, path: str, args, deadline: float) -> tuple[int, int, float, float]:
    """The anonymous clients as Python threads (where wrk is not installed; they take a core themselves)."""
    times, errors = [], []
    lock = threading.Lock()

    def client():
        while time.monotonic() < deadline:
            try:
                status, seconds = get(port, path, None, timeout=10)
            except OSError as error:
                with lock:
                    errors.append(type(error).__name__)
                continue
            with lock:
                (times if status == 200 else errors).append(seconds if status == 200 else str(status))

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not times:
        return 0, len(errors), float("nan"), float("nan")
    return len(times), len(errors), statistics.median(times), percentile(times, 0.95)


def run_load(port: int, args) -> None:
    """`args.clients` anonymous clients on /progress/ (or `args.path`) for `args.seconds` s (wrk where
    installed, Python threads otherwise), while a coordinator opens the agreement list every half second."""
    from django.urls import reverse

    path = args.path or reverse("reporting:public_progress")
    probe_path = reverse("partnerships:agreement_list")
    cookie = session_cookie(accounts()["coordinator"])
    get(port, path, None)
    deadline = time.monotonic() + args.seconds
    probe = []

    def coordinator():
        while time.monotonic() < deadline:
            try:
                status, seconds = get(port, probe_path, cookie, timeout=10)
                probe.append(seconds if status == 200 else float("inf"))
            except OSError:
                probe.append(float("inf"))
            time.sleep(0.5)

    prober = threading.Thread(target=coordinator)
    prober.start()
    tool = "wrk" if shutil.which("wrk") and not args.python_clients else "Python threads"
    if tool == "wrk":
        answers, errors, median, p95 = wrk_clients(port, path, args)
    else:
        answers, errors, median, p95 = python_clients(port, path, args, deadline)
    prober.join()
    print(f"| load: {args.clients} anonymous clients ({tool}) on {path}, {args.seconds} s | value |")
    print("| --- | ---: |")
    print(f"| answers 200 | {answers} |")
    print(f"| errors (status or timeout 10 s) | {errors} |")
    if answers:
        print(f"| requests per second | {answers / args.seconds:.1f} |")
        print(f"| median | {median * 1000:.1f} ms |")
        print(f"| p95 | {p95 * 1000:.1f} ms |")
    if probe:
        label = "coordinator's agreement list meanwhile"
        print(f"| {label}: median | {statistics.median(probe) * 1000:.1f} ms |")
        print(f"| {label}: p95 | {percentile(probe, 0.95) * 1000:.1f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--samples", type=int, default=20, help="Warm requests per page (at most).")
    parser.add_argument("--budget", type=float, default=15, help="Seconds per page, about.")
    parser.add_argument("--timeout", type=float, default=60, help="Seconds to wait for one answer.")
    parser.add_argument("--only", nargs="*", help="Only pages whose label contains one of these words.")
    parser.add_argument("--load", action="store_true", help="The load test instead of the page table.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--path", help="The page of the load test (default /progress/).")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--python-clients", action="store_true", help="Python threads even where wrk is.")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="Cache and sessions (flushed).")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # gunicorn is stopped on the way out
    setup_django(args.redis)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    with Server(args.port) as server:
        (run_load if args.load else run_pages)(server.port, args)


if __name__ == "__main__":
    main()
