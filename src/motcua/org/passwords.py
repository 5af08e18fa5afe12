"""Password policy of staff accounts: Django's validators, with the messages Django's Vietnamese
catalogue lacks.

Django ships no Vietnamese text for the minimum-length message (a plural form), so an officer
choosing a short password was told in English. The rule itself is Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Mật khẩu cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
