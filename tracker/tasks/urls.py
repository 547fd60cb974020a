"""Task pages beyond the list and detail routes of tracker/urls.py."""

from django.urls import path

from tracker.tasks import views

urlpatterns = [
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/bulk-assign/", views.task_bulk_assign, name="task-bulk-assign"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/evidence/", views.evidence_upload, name="task-evidence-upload"),
    path("tasks/<int:pk>/do/<slug:action>/", views.task_action, name="task-action"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence-preview"),
]
