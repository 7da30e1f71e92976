from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "policycomm.channels"
    verbose_name = _("Sản phẩm truyền thông theo kênh")

    def ready(self) -> None:
        from .signals import connect

        connect()
