from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorpusConfig(AppConfig):
    name = "corpus"
    verbose_name = _("政策文件库")

    def ready(self) -> None:
        from corpus import job_kinds  # noqa: F401  (registers the kinds of background job)
