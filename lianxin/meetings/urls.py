from django.urls import path

from lianxin.meetings import action_views, duty_views, views

app_name = "meetings"
urlpatterns = [
    path("workbench/meetings/", views.meeting_list, name="list"),
    path("workbench/meetings/schedule/", views.review_schedule, name="schedule"),
    path("workbench/meetings/add/", views.meeting_add, name="add"),
    path("workbench/meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("workbench/meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("workbench/meetings/reports/<int:pk>/", duty_views.report_page, name="report"),
    path("meetings/actions/", action_views.action_list, name="actions"),
    path("meetings/actions/<int:pk>/", action_views.action_page, name="action"),
    path("app/duty-reports/", duty_views.app_duty, name="app-duty"),
    path("app/duty-reports/<int:pk>/", duty_views.app_report, name="app-report"),
]
