"""Sessions read from the cache, kept in the database, expiring by the application's clock.

Django's cached_db engine trusts the cache's own timeout for expiry. Here the cached copy
carries its expiry date and is checked against `timezone.now()` as the database row is: an
idle session ends at the same moment whichever copy is read.
"""

from django.contrib.sessions.backends import cached_db
from django.utils import timezone


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "baomi.session."

    def load(self):
        try:
            cached = self._cache.get(self.cache_key)
        except Exception:  # an invalid key: a fresh session, as Django's engine does
            cached = None
        if cached is not None and cached["expires"] > timezone.now():
            return cached["data"]
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._cache_put(data, row.expire_date)
        return data

    def save(self, must_create=False):
        super(cached_db.SessionStore, self).save(must_create)  # the row
        self._cache_put(self._session, self.get_expiry_date())

    def _cache_put(self, data, expires) -> None:
        try:
            self._cache.set(
                self.cache_key, {"data": data, "expires": expires}, self.get_expiry_age()
            )
        except Exception:
            cached_db.logger.exception("Error saving to cache (%s)", self._cache)
