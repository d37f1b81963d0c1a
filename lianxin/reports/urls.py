from django.urls import path

from lianxin.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("screen/", views.screen, name="screen"),
    path("<str:key>/", views.figure_records, name="records"),
    path("<str:key>/ledger.xlsx", views.figure_ledger, name="ledger"),
]
