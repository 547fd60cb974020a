from django.urls import path

from tracker.reporting import api, briefing_views

urlpatterns = [
    path("briefing/", briefing_views.BriefingView.as_view(), name="api-briefing"),
    path("exports/ledger.xlsx", api.LedgerExportView.as_view(), name="api-ledger-xlsx"),
    path("exports/ledger.csv", api.LedgerCsvExportView.as_view(), name="api-ledger-csv"),
    path(
        "exports/report-draft/<int:pk>.docx", api.ReportDraftView.as_view(), name="api-report-draft"
    ),
]
