from django.urls import path

from . import channels, unsubscribe, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("gop-y/<int:pk>/", views.consultation_detail, name="consultation"),
    path("gop-y/<int:pk>/y-kien/", views.comment_create, name="comment"),
    path("gop-y/<int:pk>/nhan-dinh/<int:sid>/", views.vote, name="vote"),
    path("gop-y/<int:pk>/da-nhan/<str:receipt>/", views.receipt, name="receipt"),
    path("gop-y/<int:pk>/kenh/<slug:kind>/", channels.channel_file, name="channel_file"),
    path("p/<int:pk>/", channels.short_link, name="short"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("huy-nhan-thu/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
