from django.urls import path

from tracker.reporting import briefing_views, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("briefing/", briefing_views.briefing_page, name="briefing"),
    path("exports/ledger.xlsx", views.ledger_xlsx, name="ledger-xlsx"),
    path("exports/ledger.csv", views.ledger_csv, name="ledger-csv"),
    path("exports/ledger-job/", views.ledger_job, name="ledger-job"),
    path("reports/<int:pk>/draft.docx", views.report_draft, name="report-draft"),
]
