from django.urls import path

from tracker.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:pk>/read/", views.notification_read, name="notification-read"),
    path("read-all/", views.notification_read_all, name="notification-read-all"),
    path("redrive/", views.notification_redrive, name="notification-redrive"),
    path("preferences/", views.notification_preferences, name="notification-preferences"),
]
