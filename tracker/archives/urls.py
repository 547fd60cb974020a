from django.urls import path

from tracker.archives import views

urlpatterns = [
    path("archives/", views.archive_list, name="archive-list"),
    path("archives/report/", views.archive_report_start, name="archive-report"),
    path("archives/task/<int:pk>/", views.archive_task_repack, name="archive-task-repack"),
    path("archives/<int:pk>/download", views.archive_download, name="archive-download"),
]
