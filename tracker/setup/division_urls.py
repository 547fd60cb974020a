from django.urls import path

from tracker.setup import division

urlpatterns = [
    path("", division.people, name="division-people"),
    path("new/", division.person_edit, name="division-person-new"),
    path("<int:pk>/", division.person_edit, name="division-person-edit"),
    path("<int:pk>/deactivate/", division.person_deactivate, name="division-person-deactivate"),
    path("<int:pk>/activate/", division.person_activate, name="division-person-activate"),
]
