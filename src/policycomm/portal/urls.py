from django.urls import path, re_path

from . import channels, events, synthesis, translations, unsubscribe, views, visible

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("gop-y/<int:pk>/", views.consultation_detail, name="consultation"),
    path("gop-y/<int:pk>/ban-dich/<slug:lang>/", translations.translation, name="translation"),
    path("gop-y/<int:pk>/y-kien/", views.comment_create, name="comment"),
    path("gop-y/<int:pk>/y-kien/<int:cid>/bao-cao/", visible.comment_report, name="comment_report"),
    path("gop-y/<int:pk>/nhan-dinh/<int:sid>/", views.vote, name="vote"),
    path("gop-y/<int:pk>/da-nhan/<str:receipt>/", views.receipt, name="receipt"),
    path("gop-y/<int:pk>/su-kien/<int:eid>/", events.event_register, name="event"),
    path(
        "gop-y/<int:pk>/su-kien/<int:eid>/da-dang-ky/<str:receipt>/", events.event_registered, name="event_registered"
    ),
    path("gop-y/<int:pk>/su-kien/<int:eid>.ics", events.event_ics, name="event_ics"),
    path("su-kien.ics", events.events_feed, name="events_feed"),
    re_path(
        r"^gop-y/(?P<pk>[0-9]+)/bao-cao-tong-hop/(?P<rpk>[0-9]+)\.(?P<fmt>docx|pdf)$",
        synthesis.synthesis_download,
        name="synthesis_download",
    ),
    path("gop-y/<int:pk>/kenh/<slug:kind>/", channels.channel_file, name="channel_file"),
    path("p/<int:pk>/", channels.short_link, name="short"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("huy-nhan-thu/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
