from django.urls import path, re_path

from . import (
    channels,
    events,
    feeds,
    identity,
    opendata,
    search,
    synthesis,
    translations,
    unsubscribe,
    versions,
    views,
    visible,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("gop-y/<int:pk>/", views.consultation_detail, name="consultation"),
    path("gop-y/<int:pk>/ban-dich/<slug:lang>/", translations.translation, name="translation"),
    path("gop-y/<int:pk>/y-kien/", views.comment_create, name="comment"),
    path("gop-y/<int:pk>/du-thao/<int:n>/", versions.version_detail, name="version"),
    path("gop-y/<int:pk>/so-sanh/", versions.version_compare, name="compare"),
    path("gop-y/<int:pk>/ho-so/<int:fid>/", versions.dossier_download, name="dossier_file"),
    path("gop-y/<int:pk>/y-kien/<int:cid>/bao-cao/", visible.comment_report, name="comment_report"),
    path("gop-y/<int:pk>/nhan-dinh/<int:sid>/", views.vote, name="vote"),
    path("gop-y/<int:pk>/da-nhan/<str:receipt>/", views.receipt, name="receipt"),
    path("gop-y/<int:pk>/su-kien/<int:eid>/", events.event_register, name="event"),
    path(
        "gop-y/<int:pk>/su-kien/<int:eid>/da-dang-ky/<str:receipt>/", events.event_registered, name="event_registered"
    ),
    path("gop-y/<int:pk>/su-kien/<int:eid>.ics", events.event_ics, name="event_ics"),
    path("su-kien.ics", events.events_feed, name="events_feed"),
    path("gop-y/<int:pk>/du-lieu.csv", opendata.opendata_csv, name="opendata_csv"),
    path("gop-y/<int:pk>/du-lieu.json", opendata.opendata_json, name="opendata_json"),
    path("nguon-tin/du-thao.atom", feeds.new_drafts, name="feed_drafts"),
    path("nguon-tin/khu-vuc/<str:code>.atom", feeds.area_feed, name="feed_area"),
    path("gop-y/<int:pk>/cap-nhat.atom", feeds.draft_updates, name="feed_draft"),
    path("han-gop-y.ics", feeds.deadlines_ics, name="deadlines_ics"),
    re_path(
        r"^gop-y/(?P<pk>[0-9]+)/bao-cao-tong-hop/(?P<rpk>[0-9]+)\.(?P<fmt>docx|pdf)$",
        synthesis.synthesis_download,
        name="synthesis_download",
    ),
    path("gop-y/<int:pk>/kenh/<slug:kind>/", channels.channel_file, name="channel_file"),
    path("p/<int:pk>/", channels.short_link, name="short"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tim-kiem/", search.search, name="search"),
    path("dang-nhap/", identity.login_choice, name="identity_login"),
    path("dang-nhap/gui-ma/", identity.code_request, name="identity_code_request"),
    path("dang-nhap/nhap-ma/", identity.code_verify, name="identity_code_verify"),
    path("dang-nhap/xac-thuc/", identity.oidc_start, name="identity_oidc_start"),
    path("dang-nhap/xac-thuc/ve/", identity.oidc_callback, name="identity_oidc_callback"),
    path("dang-xuat/", identity.logout, name="identity_logout"),
    path("huy-nhan-thu/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
