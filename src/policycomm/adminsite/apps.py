from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminSiteConfig(AppConfig):
    name = "policycomm.adminsite"
    verbose_name = _("Trang quản trị")
