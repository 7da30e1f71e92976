from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "policycomm.consultation"
    verbose_name = _("Lấy ý kiến")

    def ready(self) -> None:
        from policycomm.lawmaking.guards import register_transition_guard

        from .rules import closed_window_guard, dispositions_published_guard

        register_transition_guard(closed_window_guard)
        register_transition_guard(dispositions_published_guard)
