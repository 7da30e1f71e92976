from django.urls import path

from . import translations, unsubscribe, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("gop-y/<int:pk>/", views.consultation_detail, name="consultation"),
    path("gop-y/<int:pk>/ban-dich/<slug:lang>/", translations.translation, name="translation"),
    path("gop-y/<int:pk>/y-kien/", views.comment_create, name="comment"),
    path("gop-y/<int:pk>/nhan-dinh/<int:sid>/", views.vote, name="vote"),
    path("gop-y/<int:pk>/da-nhan/<str:receipt>/", views.receipt, name="receipt"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("huy-nhan-thu/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
