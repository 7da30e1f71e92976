from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("policycomm.health.urls")),  # /healthz, /readyz: probes, no login
    path("admin/", admin.site.urls),
    path("api/v1/", include("policycomm.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the footer's language switcher
    path("can-bo/", include("policycomm.backoffice.urls")),
    path("", include("policycomm.portal.urls")),
]

handler400 = "policycomm.errorpages.bad_request"
handler403 = "policycomm.errorpages.permission_denied"
handler404 = "policycomm.errorpages.not_found"
handler500 = "policycomm.errorpages.server_error"
