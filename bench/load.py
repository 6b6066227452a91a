"""`make bench`, load part: 50 signed-in users at once against the running gunicorn.

Runs last in scripts/bench.sh (gunicorn with BENCH_WORKERS sync workers already up, scale data
loaded). Each simulated user is a thread with its own session (the logins of the bench data,
taken in turn, so several sessions may share a login), signed in through the real login form
before the clock starts. Then every user walks the signed-in pages of the bench in a loop —
the dashboard, the employee list and a filtered list, an employee detail, the archive
catalogue where the user has it — for BENCH_LOAD_SECONDS, pausing BENCH_LOAD_THINK_S (random,
on average) between requests as a person reading a page would. Any answer but 200 is an error.
Targets: 0 errors, p95 under 1 s. Adds its figures to bench/results.json under "load".
Usage: bench/load.py --url http://127.0.0.1:PORT
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error

from run import ROOT, login, wait_for  # bench/run.py (django set up)

from django.contrib.auth import get_user_model  # noqa: E402  isort: skip

RESULTS = ROOT / "bench" / "results.json"
P95_TARGET_S = 1.0
DETAIL = re.compile(r'href="(/personnel/employees/\d+/)"')


def usernames() -> list[str]:
    """The bench's logins that can use the app (the administrators cannot see staff)."""
    users = get_user_model().objects.filter(is_active=True, employee__isnull=False)
    names = sorted(users.values_list("username", flat=True))
    return names or ["hr"]


def session_paths(base: str, opener) -> list[str] | None:
    """The pages this user walks: found from the user's own list page, so every one is 200.
    None for a login that must first give a second factor (the bench cannot)."""
    with opener.open(base + "/personnel/employees/") as response:
        if response.url != base + "/personnel/employees/":
            return None
        listing = response.read().decode()
    paths = ["/", "/personnel/employees/", "/personnel/employees/?page=2&tier=core"]
    paths += DETAIL.findall(listing)[:2]
    if 'href="/archives/items/"' in listing:
        paths.append("/archives/items/")
    return paths


class Walker(threading.Thread):
    def __init__(self, base, opener, paths, until, think, seed):
        super().__init__(daemon=True)
        self.base, self.opener, self.paths = base, opener, paths
        self.until, self.think = until, think
        self.rng = random.Random(seed)
        self.times: list[float] = []
        self.errors: list[str] = []

    def run(self):
        step = self.rng.randrange(len(self.paths))
        while time.monotonic() < self.until:
            url = self.base + self.paths[step % len(self.paths)]
            step += 1
            started = time.perf_counter()
            try:
                with self.opener.open(url, timeout=30) as response:
                    response.read()
                    if response.status != 200 or response.url != url:
                        self.errors.append(f"{url}: {response.status} at {response.url}")
            except (urllib.error.URLError, OSError) as error:
                self.errors.append(f"{url}: {error}")
            self.times.append(time.perf_counter() - started)
            if self.think:
                time.sleep(self.rng.uniform(0, 2 * self.think))


def run_load(base: str, users: int, seconds: float, think: float) -> dict:
    names, sessions, used = usernames(), [], set()
    for index in range(users * 4):  # before the clock starts: a login hashes a password
        if len(sessions) == users or not names:
            break
        name = names[index % len(names)]
        opener = login(base, name)
        paths = session_paths(base, opener)
        if paths is None:
            names.remove(name)
            continue
        sessions.append((opener, paths))
        used.add(name)
    if len(sessions) < users:
        sys.exit(f"bench: only {len(sessions)} of {users} sessions could sign in")
    until = time.monotonic() + seconds
    walkers = [
        Walker(base, opener, paths, until, think, seed)
        for seed, (opener, paths) in enumerate(sessions)
    ]
    started = time.monotonic()
    for walker in walkers:
        walker.start()
    for walker in walkers:
        walker.join()
    elapsed = time.monotonic() - started
    times = sorted(t * 1000 for walker in walkers for t in walker.times)
    errors = [error for walker in walkers for error in walker.errors]
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return {
        "users": users,
        "logins": len(used),
        "seconds": round(elapsed, 1),
        "think_s": think,
        "requests": len(times),
        "per_second": round(len(times) / elapsed, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS", 50)))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", 60))
    )
    parser.add_argument(
        "--think", type=float, default=float(os.environ.get("BENCH_LOAD_THINK_S", 1.0))
    )
    args = parser.parse_args()
    base = args.url.rstrip("/")
    wait_for(base)
    load = run_load(base, args.users, args.seconds, args.think)
    load["gunicorn_workers"] = int(os.environ.get("BENCH_WORKERS", 2))
    targets = {
        f"{load['users']} users: no errors ({load['errors']})": load["errors"] == 0,
        f"{load['users']} users: p95 under {P95_TARGET_S:g} s ({load['p95_ms']:.0f} ms)": (
            load["p95_ms"] < P95_TARGET_S * 1000
        ),
    }
    print(
        f"\nload: {load['users']} signed-in users ({load['logins']} logins), "
        f"{load['gunicorn_workers']} gunicorn workers, {load['seconds']} s, "
        f"think time {load['think_s']} s on average"
    )
    print(
        f"{load['requests']} requests ({load['per_second']}/s), {load['errors']} errors; "
        f"median {load['median_ms']} ms, p95 {load['p95_ms']} ms, max {load['max_ms']} ms"
    )
    for error in load["first_errors"]:
        print(f"  error: {error}")
    for target, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {target}")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["load"] = {**load, "targets": targets}
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
