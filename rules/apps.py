from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = _("规则")

    def ready(self) -> None:
        from rules import checks  # noqa: F401  (registers the data-file check)
