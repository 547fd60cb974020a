from django.urls import path

from plans import views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("upload/", views.report_upload, name="report-upload"),
    path("preview/", views.report_preview_page, name="report-preview"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/assign/", views.report_assign, name="report-assign"),
]
