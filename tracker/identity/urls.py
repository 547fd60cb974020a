from django.urls import path

from tracker.identity import views

urlpatterns = [
    path("oidc/login/", views.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", views.oidc_callback, name="oidc_authentication_callback"),
    path("cas/login/", views.cas_login, name="cas_ng_login"),
    path("wecom/", views.wecom_login, name="wecom-login"),
    path("dingtalk/", views.dingtalk_login, name="dingtalk-login"),
]
