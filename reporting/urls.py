from django.urls import path

from .views import about, annual_report, pages, progress, public

app_name = "reporting"

urlpatterns = [
    path("", pages.home, name="home"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("workspace/", pages.workspace, name="workspace"),
    path("workspace/<slug:slug>/", pages.workspace_municipality, name="workspace_municipality"),
    path("region/", progress.region_overview, name="region_overview"),
    path("municipalities/<slug:slug>/", progress.municipality_detail, name="municipality_detail"),
    path("progress/", progress.public_progress, name="public_progress"),
    path("progress/<slug:slug>/", public.public_municipality, name="public_municipality"),
    path("progress/data.csv", progress.public_progress_csv, name="public_progress_csv"),
    path("progress/data.json", progress.public_progress_json, name="public_progress_json"),
    path("progress/trend.csv", progress.public_trend_csv, name="public_trend_csv"),
    path("progress/trend.json", progress.public_trend_json, name="public_trend_json"),
    path("reports/annual/", annual_report.annual_report, name="annual_report"),
    path("reports/annual/<int:year>.xlsx", annual_report.annual_report_xlsx, name="annual_report_xlsx"),
    path(
        "reports/annual/<int:year>/<slug:sheet>.csv",
        annual_report.annual_report_csv,
        name="annual_report_csv",
    ),
    path("accessibility/", about.accessibility, name="accessibility"),
    path("was", about.was, name="was"),
]
