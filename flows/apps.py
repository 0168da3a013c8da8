from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    name = "flows"
    verbose_name = _("Workflows")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the flows to case transitions)
