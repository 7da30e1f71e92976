from django.apps import AppConfig


class StaffAuthConfig(AppConfig):
    name = "policycomm.staffauth"
    verbose_name = "Tài khoản cán bộ"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from policycomm.staffauth.idle import mark_seen_at_login

        user_logged_in.connect(mark_seen_at_login, dispatch_uid="staffauth-idle-login")
