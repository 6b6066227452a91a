"""Playwright (sync API) in Debian's Chromium against pytest-django's live_server."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from personnel.demo import seed_demo

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests (seeding, checks) would otherwise raise SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never `playwright install`
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # no internet here: stop background connection attempts
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if settings.REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Chinese first, as a user in China would send it; the site's default is zh-hans too.
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def site(live_server):
    """The live server's address, the demo organisation in its (committed) database."""
    seed_demo()  # also after an earlier transactional test flushed the tables
    return live_server.url
