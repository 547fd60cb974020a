from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tracker.identity import views as identity_views
from tracker.org.views import LoginView
from tracker.tasks import home as home_views
from tracker.tasks import views as task_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("tasks/", task_views.task_list, name="task-list"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task-detail"),
    path("reports/", include("plans.urls")),
    path("", include("tracker.tasks.urls")),
    path("audit/", include("tracker.audit.urls")),
    path("", include("tracker.slips.urls")),
    path("", include("tracker.supervision.urls")),
    path("settings/", include("tracker.setup.urls")),
    path("division/people/", include("tracker.setup.division_urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", identity_views.logout, name="logout"),
    path("sso/", include("tracker.identity.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("notifications/", include("tracker.notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("tracker.reporting.urls")),
    path("", include("tracker.batch.urls")),
    path("", include("tracker.archives.urls")),
    path("", include("tracker.circulars.urls")),
    path("", include("tracker.scoring.urls")),
    path("api/v1/", include("tracker.api_urls")),
    path("", include("tracker.ops.urls")),
]
