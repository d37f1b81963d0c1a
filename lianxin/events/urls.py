from django.urls import path

from lianxin.events import app_views, views

app_name = "events"
urlpatterns = [
    path("workbench/notices/", views.notice_list, name="notices"),
    path("workbench/notices/add/", views.notice_add, name="notice-add"),
    path("workbench/notices/<int:pk>/", views.notice_detail, name="notice"),
    path("workbench/notices/<int:pk>/files/<int:file_pk>/", views.notice_file, name="notice-file"),
    path("workbench/events/", views.event_list, name="events"),
    path("workbench/events/add/", views.event_add, name="event-add"),
    path("workbench/events/<int:pk>/", views.event_detail, name="event"),
    path("workbench/events/<int:pk>/door/", views.event_door, name="event-door"),
    path("workbench/events/<int:pk>/scan/", views.event_scan, name="event-scan"),
    path("workbench/events/<int:pk>/export/<str:kind>.xlsx", views.event_export, name="event-export"),
    path("workbench/events/<int:pk>/files/<int:file_pk>/", views.event_file, name="event-file"),
    path("workbench/events/units/", views.unit_events, name="unit-events"),
    path("workbench/events/units/<int:unit_pk>/<int:pk>/", views.unit_signup, name="unit-signup"),
    path("app/notices/", app_views.app_notices, name="app-notices"),
    path("app/notices/<int:pk>/", app_views.app_notice, name="app-notice"),
    path("app/notices/<int:pk>/files/<int:file_pk>/", app_views.app_notice_file, name="app-notice-file"),
    path("app/events/", app_views.app_events, name="app-events"),
    path("app/events/<int:pk>/", app_views.app_event, name="app-event"),
    path("app/events/<int:pk>/files/<int:file_pk>/", app_views.app_event_file, name="app-event-file"),
    path("app/events/<int:pk>/hazard/", app_views.app_hazard, name="app-hazard"),
    path("app/events/check-in/<str:token>/", app_views.door_check_in, name="door-check-in"),
]
