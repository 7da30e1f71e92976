from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from . import plan_views, views

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
    path("ke-hoach/", plan_views.plan_list, name="plans"),
    path("ke-hoach/nhap/", plan_views.plan_import, name="plan_import"),
    path("ke-hoach/nhap/<str:token>/", plan_views.plan_review, name="plan_review"),
    path("ke-hoach/<int:pk>/", plan_views.plan_detail, name="plan"),
    re_path(r"^ke-hoach/(?P<pk>[0-9]+)/tai-ve\.(?P<fmt>docx|pdf)$", plan_views.plan_download, name="plan_download"),
    path("ke-hoach/<int:pk>/lap-cap-duoi/", plan_views.plan_derive, name="plan_derive"),
    path("ke-hoach/<int:pk>/co-quan/", plan_views.plan_bodies, name="plan_bodies"),
    path("ke-hoach/<int:pk>/sua/", plan_views.plan_revise, name="plan_revise"),
    path("ke-hoach/<int:pk>/tap-huan/", plan_views.plan_training, name="plan_training"),
    path("ke-hoach/<int:pk>/kinh-phi/", plan_views.plan_budget, name="plan_budget"),
    path("ke-hoach/nhiem-vu/<int:tpk>/tien-do/", plan_views.task_report, name="task_report"),
]
