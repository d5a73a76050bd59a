"""Reading the mails a test sent."""

from __future__ import annotations

import re


def set_password_path(message) -> str:
    """The path of the set-password (or reset) link in a mail."""
    found = re.search(r"http://testserver(/accounts/password/reset/\S+/)", str(message.body))
    assert found, "the mail holds no set-password link"
    return found.group(1)
