from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("外商投资信息报告")

    def ready(self) -> None:
        from reporting import job_kinds  # noqa: F401  (registers the kinds of background job)
