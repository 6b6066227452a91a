"""Failed logins lock the source address first, the account only later (issue 14, C8).

django-axes compares one number with one limit. Its parameters ["ip_address", "username"]
would lock either after the same count; here the address keeps axes' limit
(AXES_FAILURE_LIMIT, 5) and the account has its own, higher one
(LOGIN_ACCOUNT_FAILURE_LIMIT, 20): an outsider guessing at a known login locks only their
own address, and a guess spread over many addresses still stops at the account.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone


def client_address(request) -> str | None:
    """The address a login comes from (AXES_CLIENT_IP_CALLABLE). With TRUST_X_FORWARDED_FOR,
    the last X-Forwarded-For entry: the one our proxy appended; entries before it are
    whatever the client sent."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            validate_ipv46_address(forwarded)
        except ValidationError:
            pass
        else:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def _recent(threshold=None) -> QuerySet:
    """The attempts still within the lockout period."""
    threshold = threshold or timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=threshold)


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AddressFirstHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures that count towards a lock, on the address's scale (axes compares this
        with AXES_FAILURE_LIMIT): the address's own, or the limit itself once the account
        has reached its limit from any number of addresses."""
        threshold = get_cool_off_threshold(request)
        by_address = _failures(_recent(threshold).filter(ip_address=request.axes_ip_address))
        username = get_client_username(request, credentials)
        if username is not None:
            by_account = _failures(_recent(threshold).filter(username=username))
            if by_account >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
                return max(by_address, get_failure_limit(request, credentials))
        return by_address

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears the failures of that account from that address only:
        it proves nothing about other accounts tried from the address, nor about guesses at
        the account from elsewhere."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        )
        count, _ = attempts.delete()
        return count


@dataclass(frozen=True)
class Lock:
    key: str  # the address or the username
    failures: int
    last_attempt: datetime

    @property
    def until(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def _locks(field: str, limit: int) -> list[Lock]:
    rows = (
        _recent()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    return [Lock(row[field], row["failures"], row["last"]) for row in rows]


def locked_addresses() -> list[Lock]:
    return _locks("ip_address", settings.AXES_FAILURE_LIMIT)


def locked_accounts() -> list[Lock]:
    return _locks("username", settings.LOGIN_ACCOUNT_FAILURE_LIMIT)
