"""The REST API under /api/v1/. Each app registers its viewsets on one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from plans.api import ReportViewSet
from tracker.api_docs import ApiDocsView
from tracker.api_schema import CachedSpectacularAPIView
from tracker.archives.api import ArchivePackageViewSet
from tracker.audit.api import AuditEventViewSet
from tracker.circulars.api import CircularViewSet
from tracker.notifications.api import NotificationViewSet
from tracker.reporting.api import DashboardViewSet
from tracker.security.api import token_login
from tracker.slips.api import SlipViewSet
from tracker.supervision.api import InstructionViewSet
from tracker.tasks.api import DepartmentViewSet, EvidenceViewSet, TaskViewSet, UserViewSet

# Basenames start with "api-" where the web pages already use the plain name
# (report-list, task-list, …), so that reverse() finds the page, not the API.
router = DefaultRouter()
router.register("departments", DepartmentViewSet, "api-department")
router.register("users", UserViewSet, "api-user")
router.register("tasks", TaskViewSet, "api-task")
router.register("evidence", EvidenceViewSet, "api-evidence")
router.register("audit", AuditEventViewSet, "api-audit")
router.register("reports", ReportViewSet, "api-report")
router.register("dashboard", DashboardViewSet, "api-dashboard")
router.register("notifications", NotificationViewSet, "api-notification")
router.register("slips", SlipViewSet, "api-slip")
router.register("instructions", InstructionViewSet, "api-instruction")
router.register("archives", ArchivePackageViewSet, "api-archive")
router.register("circulars", CircularViewSet, "api-circular")

urlpatterns = [
    path("auth/token/", token_login, name="api-token"),
    path("schema/", CachedSpectacularAPIView.as_view(), name="api-schema"),
    # Every operation as HTML, drawn by the server (shows at once, no script).
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
    # Swagger UI for trying calls out. The split view serves its start-up
    # script as a file: the CSP allows no inline script.
    path(
        "docs/swagger/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs-swagger",
    ),
    path("", include("tracker.reporting.api_urls")),
    path("", include("tracker.batch.api_urls")),
    path("", include("tracker.scoring.api_urls")),
    path("", include(router.urls)),
]
