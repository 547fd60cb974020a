from django.urls import path

from tracker.scoring import api

urlpatterns = [
    path("scoring/league/", api.LeagueView.as_view(), name="api-scoring-league"),
    path("scoring/rules/", api.RulesView.as_view(), name="api-scoring-rules"),
]
