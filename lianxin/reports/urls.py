from django.urls import path

from lianxin.reports import briefing_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("screen/", views.screen, name="screen"),
    path("briefings/", briefing_views.briefing_list, name="briefings"),
    path("briefings/new/", briefing_views.briefing_new, name="briefing-new"),
    path("briefings/<int:pk>/", briefing_views.briefing_page, name="briefing"),
    path("briefings/<int:pk>/edit/", briefing_views.briefing_edit, name="briefing-edit"),
    path("briefings/<int:pk>/issue/", briefing_views.briefing_issue, name="briefing-issue"),
    path("briefings/<int:pk>/briefing.<str:kind>", briefing_views.briefing_download, name="briefing-file"),
    path("<str:key>/", views.figure_records, name="records"),
    path("<str:key>/ledger.xlsx", views.figure_ledger, name="ledger"),
]
