from django.urls import path, re_path

from . import synthesis, unsubscribe, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("gop-y/<int:pk>/", views.consultation_detail, name="consultation"),
    path("gop-y/<int:pk>/y-kien/", views.comment_create, name="comment"),
    path("gop-y/<int:pk>/nhan-dinh/<int:sid>/", views.vote, name="vote"),
    path("gop-y/<int:pk>/da-nhan/<str:receipt>/", views.receipt, name="receipt"),
    re_path(
        r"^gop-y/(?P<pk>[0-9]+)/bao-cao-tong-hop/(?P<rpk>[0-9]+)\.(?P<fmt>docx|pdf)$",
        synthesis.synthesis_download,
        name="synthesis_download",
    ),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("huy-nhan-thu/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
