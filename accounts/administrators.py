"""The three administrators (三员分立, C10): none of them is all-powerful, and the one who
audits the other two is never one of them."""

from django.utils.translation import gettext as _

from core.errors import DomainError

SYSADMIN = "sysadmin"  # 系统管理员: accounts, departments, posts, settings, schedules
SECADMIN = "secadmin"  # 安全保密管理员: roles, unlocking, enrolment links, the access log
SECAUDITOR = "secauditor"  # 安全审计员: reads what the other two did
ADMINISTRATORS = (SYSADMIN, SECADMIN, SECAUDITOR)
EXCLUSIVE = {SECAUDITOR: {SYSADMIN, SECADMIN}}


def roles_compatible_check(role_names) -> None:
    """Refuse a set of roles one person may not hold together."""
    held = set(role_names)
    for role, excluded in EXCLUSIVE.items():
        clash = held & excluded
        if role in held and clash:
            raise DomainError(
                _("Nobody may hold the role %(role)s together with %(other)s.")
                % {"role": role, "other": ", ".join(sorted(clash))}
            )
