"""Identity documents: the kinds, their number formats, the GB 11643 check digit, masking."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PR = "foreign_pr", _("Foreign permanent resident ID card")


GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
GB11643_CHECK = "10X98765432"

FORMATS = {
    IdType.RESIDENT_ID: re.compile(r"\d{17}[\dX]"),
    IdType.PASSPORT: re.compile(r"[A-Z0-9]{5,17}"),
    IdType.HK_MACAO: re.compile(r"[HM]\d{8}(\d{2})?"),
    IdType.TAIWAN: re.compile(r"\d{8}(\d{2})?"),
    IdType.FOREIGN_PR: re.compile(r"9\d{16}[\dX]|[A-Z]{3}\d{12}"),
}


def normalize(number: str) -> str:
    return (number or "").strip().upper()


def gb11643_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return GB11643_CHECK[total % 11]


def _birth_date_valid(number: str) -> bool:
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def validate_id_number(id_type: str, number: str) -> None:
    """Raise a ValidationError saying what is wrong with the number for its document kind."""
    number = normalize(number)
    if not FORMATS[IdType(id_type)].fullmatch(number):
        raise ValidationError(
            _("The number does not have the format of a %(kind)s.")
            % {"kind": IdType(id_type).label}
        )
    with_check_digit = len(number) == 18 and id_type in (IdType.RESIDENT_ID, IdType.FOREIGN_PR)
    if with_check_digit and gb11643_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of this number is wrong: please check it."))
    if id_type == IdType.RESIDENT_ID and not _birth_date_valid(number):
        raise ValidationError(_("The date of birth in this number is not a valid date."))


def masked(number: str) -> str:
    """What everyone but HR sees of an identity number: the first three and last four."""
    if not number:
        return ""
    return f"{number[:3]}{'*' * max(len(number) - 7, 4)}{number[-4:]}"
