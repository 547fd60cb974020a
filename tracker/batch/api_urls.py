from django.urls import path

from tracker.batch import api

urlpatterns = [
    path("exports/ledger-jobs/", api.LedgerJobView.as_view(), name="api-ledger-job"),
    path("jobs/<uuid:pk>/", api.JobView.as_view(), name="api-batch-job"),
    path("jobs/<uuid:pk>/download/", api.JobDownloadView.as_view(), name="api-batch-download"),
]
