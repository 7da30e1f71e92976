from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("van-ban/moi/", views.document_create, name="document_create"),
    path("van-ban/<int:pk>/", views.document_detail, name="document"),
    path("van-ban/<int:pk>/<slug:action>/", views.document_action, name="document_action"),
    path("chinh-sach/<int:pk>/", views.policy_detail, name="policy"),
    path("chinh-sach/<int:pk>/<slug:action>/", views.policy_action, name="policy_action"),
    path("hoat-dong/<int:pk>/minh-chung/", views.activity_evidence, name="activity_evidence"),
    path("tai-lieu/<int:pk>/", views.material_detail, name="material"),
    path("tai-lieu/<int:pk>/<slug:action>/", views.material_action, name="material_action"),
    path("lay-y-kien/<int:pk>/", views.consultation_manage, name="consultation"),
    path("lay-y-kien/<int:pk>/bao-cao/<int:rpk>/", views.report_status, name="report_status"),
    path("lay-y-kien/<int:pk>/bao-cao/<int:rpk>/tai-ve/", views.report_download, name="report_download"),
    path("lay-y-kien/<int:pk>/phan-tich/", views.analysis, name="analysis"),
    path("lay-y-kien/<int:pk>/phan-tich/xu-ly/", views.analysis_dispose, name="analysis_dispose"),
    path("lay-y-kien/<int:pk>/nhan-dinh/", views.statement_add, name="statement_add"),
    path("lay-y-kien/<int:pk>/nhan-dinh/<int:sid>/an/", views.statement_hide, name="statement_hide"),
    path("lay-y-kien/<int:pk>/phan-tich/<int:rpk>/", views.analysis_status, name="analysis_status"),
    path("lay-y-kien/<int:pk>/<slug:action>/", views.consultation_action, name="consultation_action"),
    path("y-kien/<int:pk>/<slug:action>/", views.comment_action, name="comment_action"),
    path("giam-sat/", views.monitoring, name="monitoring"),
]
