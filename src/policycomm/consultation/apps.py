from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "policycomm.consultation"
    verbose_name = "Lấy ý kiến"

    def ready(self) -> None:
        from policycomm.lawmaking.guards import register_transition_guard

        from .rules import dispositions_published_guard

        register_transition_guard(dispositions_published_guard)
