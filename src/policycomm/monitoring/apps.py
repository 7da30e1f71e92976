from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _fill_missing(sender: Any, **kwargs: Any) -> None:
    """After ``migrate``: give every policy without a stored coverage status its status."""
    from policycomm.lawmaking.models import DraftPolicy

    from .models import CoverageStatus, CoverageTally
    from .status import coverage_refresh, tally_rebuild

    using = kwargs.get("using", "default")
    missing = DraftPolicy.objects.using(using).filter(coverage_status__isnull=True).values_list("pk", flat=True)
    ids = list(missing)
    if ids:
        coverage_refresh(ids)
    elif CoverageStatus.objects.using(using).exists() and not CoverageTally.objects.using(using).exists():
        tally_rebuild()  # a database that had statuses before the tallies existed


class MonitoringConfig(AppConfig):
    name = "policycomm.monitoring"
    verbose_name = _("Giám sát")

    def ready(self) -> None:
        from .status import connect

        connect()
        post_migrate.connect(_fill_missing, sender=self, dispatch_uid="policycomm.monitoring.fill_missing")
