from django.urls import path

from tracker.scoring import views

urlpatterns = [
    path("scoring/", views.league, name="scoring-league"),
    path("scoring/division/<int:pk>/", views.division, name="scoring-division"),
    path("scoring/rules/", views.rules, name="scoring-rules"),
]
