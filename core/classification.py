"""Classification levels of information (A9): names, order, colours and default secrecy periods.

The one place that knows how levels compare and look; personnel maps tiers onto these.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    TOP_SECRET = "top_secret", _("Top secret")
    SECRET = "secret", _("Secret")
    CONFIDENTIAL = "confidential", _("Confidential")
    INTERNAL = "internal", _("Internal")


# Higher rank = more sensitive. UNCLASSIFIED (0) is below every level.
LEVEL_RANK = {Level.INTERNAL: 1, Level.CONFIDENTIAL: 2, Level.SECRET: 3, Level.TOP_SECRET: 4}

# One colour per level, used by badges on pages and markings in PDFs.
LEVEL_COLOUR = {
    Level.TOP_SECRET: "#b00020",
    Level.SECRET: "#d35400",
    Level.CONFIDENTIAL: "#1f6fb2",
    Level.INTERNAL: "#5a6570",
}

# Default secrecy period in years (A1: ≤30/20/10).
DEFAULT_SECRECY_YEARS = {Level.TOP_SECRET: 30, Level.SECRET: 20, Level.CONFIDENTIAL: 10}

# The national marking uses the Chinese name whatever the UI language.
LEVEL_MARK_NAME = {
    Level.TOP_SECRET: "绝密",
    Level.SECRET: "机密",
    Level.CONFIDENTIAL: "秘密",
    Level.INTERNAL: "内部",
}


def level_rank(level: str | None) -> int:
    return LEVEL_RANK.get(level, 0) if level else 0


def highest_level(levels) -> str | None:
    """The level that marks a document gathering content of several levels (A9)."""
    ranked = [level for level in levels if level]
    return max(ranked, key=level_rank) if ranked else None


def marking(level: str, years: int | None = None) -> str:
    """The national form "密级★保密期限": 机密★10年, or 机密★ for the level's default period."""
    name = LEVEL_MARK_NAME[Level(level)]
    if Level(level) == Level.INTERNAL:
        return name
    return f"{name}★{years}年" if years else f"{name}★"


def secrecy_years_of(level: str, years: int | None) -> int | None:
    """The period content keeps: its own, else its level's default; 内部 has none."""
    if Level(level) == Level.INTERNAL:
        return None
    return years or DEFAULT_SECRECY_YEARS[Level(level)]


def gathered(pairs) -> tuple[str | None, int | None]:
    """A9: what marks a page or document gathering content of several levels, from the
    (level, secrecy years) of what it shows: the highest level and the longest period. The
    period is None where it is the highest level's own default (the plain "机密★" form):
    a 30-year 秘密 item makes a page "秘密★30年", next to a 机密 item "机密★30年"."""
    pairs = [(level, years) for level, years in pairs if level]
    level = highest_level(level for level, _years in pairs)
    if level is None:
        return None, None
    longest = max((secrecy_years_of(lvl, years) or 0 for lvl, years in pairs), default=0)
    if not longest or longest == DEFAULT_SECRECY_YEARS.get(Level(level)):
        return level, None
    return level, longest


def gathered_marking(pairs) -> str | None:
    level, years = gathered(pairs)
    return marking(level, years) if level else None
