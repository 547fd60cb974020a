from django.urls import path

from tracker.setup import views

urlpatterns = [
    path("", views.settings_home, name="settings-home"),
    path("holidays/", views.holidays, name="settings-holidays"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="settings-holiday-delete"),
    path("reminders/", views.reminders, name="settings-reminders"),
    path("lights/", views.lights, name="settings-lights"),
    path("departments/", views.departments, name="settings-departments"),
    path("departments/new/", views.department_edit, name="settings-department-new"),
    path("departments/<int:pk>/", views.department_edit, name="settings-department-edit"),
    path("people/", views.people, name="settings-people"),
    path("people/new/", views.person_edit, name="settings-person-new"),
    path("people/<int:pk>/", views.person_edit, name="settings-person-edit"),
]
