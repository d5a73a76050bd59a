"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

python-stdnum implements the check-character arithmetic; this module turns its
errors into messages that tell the applicant which part of the code is wrong.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

# GB 32100-2015 forbids I, O, S, V and Z so they are not mistaken for digits.
_FORBIDDEN_LETTERS = "IOSVZ"


def normalise_uscc(raw: str) -> str:
    """The code as stored: spaces and hyphens removed, upper case."""
    return uscc.compact(raw or "")


def uscc_problem(code: str) -> str | None:
    """What is wrong with a (normalised) code, or None when it is valid."""
    if not code:
        return str(_("请填写统一社会信用代码。"))
    try:
        uscc.validate(code)
    except InvalidLength:
        return str(_("统一社会信用代码应为18位，现为%(count)d位。") % {"count": len(code)})
    except InvalidFormat:
        forbidden = sorted({c for c in code if c in _FORBIDDEN_LETTERS})
        if forbidden:
            return str(
                _("统一社会信用代码不使用字母 I、O、S、V、Z，代码中出现了：%(letters)s。") % {"letters": "、".join(forbidden)}
            )
        if not code[:8].isdigit():
            return str(_("统一社会信用代码前8位（登记管理部门、机构类别和行政区划）应为数字。"))
        return str(_("统一社会信用代码只能由数字和大写字母组成。"))
    except InvalidChecksum:
        return str(_("统一社会信用代码第18位校验码不符（GB 32100-2015），请核对是否有输错的字符。"))
    except StdnumError:
        return str(_("统一社会信用代码无效。"))
    return None


def validate_uscc(value: str) -> None:
    """Django validator for model and form fields."""
    problem = uscc_problem(normalise_uscc(value))
    if problem:
        raise ValidationError(problem, code="invalid_uscc")
