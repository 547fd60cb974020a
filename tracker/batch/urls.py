from django.urls import path

from tracker.batch import views

urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_page, name="batch-job"),
    path("jobs/<uuid:pk>/status.json", views.job_status, name="batch-status"),
    path("jobs/<uuid:pk>/download", views.job_download, name="batch-download"),
]
