"""Show that the portal survives a PostgreSQL restart without being restarted itself.

Starts gunicorn against DATABASE_URL, polls /healthz and the start page (which reads the database)
every 0.25 s, restarts the local PostgreSQL cluster, and checks that requests failed only while the
database was down and that the same gunicorn kept serving afterwards. Restarting PostgreSQL disconnects
every client of the cluster, so run it on a development machine only:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/braa_wt6 .venv/bin/python bench/db_restart.py
"""

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8060"))
BASE_URL = f"http://127.0.0.1:{PORT}"
GRACE = 1.0  # seconds after pg_isready during which a request may still fail
INTERVAL = 0.25


def status_of(path: str) -> int | str:
    request = urllib.request.Request(BASE_URL + path, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def restart_postgresql() -> None:
    (version,) = os.listdir("/etc/postgresql")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=60
    )


def postgresql_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database on this machine.")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    gunicorn = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "brasite.wsgi", "--config", "brasite/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    samples: list[tuple[float, int | str, int | str]] = []
    try:
        deadline = time.monotonic() + 30
        while status_of("/healthz") != 200:
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                sys.exit("gunicorn did not come up.")
            time.sleep(0.2)

        start = time.monotonic()
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set() and time.monotonic() - start < 60:
                samples.append((time.monotonic() - start, status_of("/healthz"), status_of("/")))
                time.sleep(INTERVAL)

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(3)
        down_at = time.monotonic() - start
        print(f"{down_at:6.2f}s  restarting PostgreSQL")
        restart_postgresql()
        while not postgresql_ready():
            time.sleep(0.1)
        up_at = time.monotonic() - start
        print(f"{up_at:6.2f}s  PostgreSQL accepts connections again")
        time.sleep(5)
        stop.set()
        poller.join()
        still_same_server = gunicorn.poll() is None
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    failures = [sample for sample in samples if sample[1:] != (200, 200)]
    for at, health, home in samples:
        marker = "" if (health, home) == (200, 200) else "   <- failed"
        print(f"{at:6.2f}s  /healthz {health}  /  {home}{marker}")
    outside = [sample for sample in failures if not down_at <= sample[0] <= up_at + GRACE]
    recovered = [sample for sample in samples if sample[0] > up_at + GRACE]
    print(
        f"\n{len(samples)} polls, {len(failures)} failed, all between {down_at:.2f}s and "
        f"{up_at + GRACE:.2f}s: {not outside}; {len(recovered)} polls after recovery all succeeded: "
        f"{all(sample[1:] == (200, 200) for sample in recovered)}; "
        f"gunicorn never restarted: {still_same_server}"
    )
    ok = not outside and recovered and all(s[1:] == (200, 200) for s in recovered) and still_same_server
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
