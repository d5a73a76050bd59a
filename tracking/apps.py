from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("督办台账")

    def ready(self) -> None:
        from tracking import job_kinds  # noqa: F401  (registers the kinds of background job)
