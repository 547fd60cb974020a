"""The REST API under /api/v1/. Each app registers its viewsets on one router."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from tracker.notifications.api import NotificationViewSet

router = DefaultRouter()
# Apps add their resources here, e.g.:
#   from tracker.tasks.api import TaskViewSet; router.register("tasks", TaskViewSet, "task")
router.register("notifications", NotificationViewSet, "api-notification")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
