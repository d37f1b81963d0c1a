from django.urls import path

from lianxin.liaison import views

app_name = "liaison"
urlpatterns = [
    path("workbench/liaison/", views.studio_list, name="studios"),
    path("workbench/liaison/studios/add/", views.studio_add, name="studio-add"),
    path("workbench/liaison/studios/<int:pk>/", views.studio_detail, name="studio"),
    path("workbench/liaison/studios/<int:pk>/edit/", views.studio_edit, name="studio-edit"),
    path("workbench/liaison/studios/<int:pk>/representatives/add/", views.representative_add, name="rep-add"),
    path("workbench/liaison/studios/<int:pk>/sessions/add/", views.session_add, name="session-add"),
    path("workbench/liaison/representatives/<int:pk>/", views.representative_detail, name="representative"),
    path("workbench/liaison/links/<int:pk>/end/", views.link_end, name="link-end"),
    path("workbench/liaison/sessions/<int:pk>/", views.session_page, name="session"),
    path("app/liaison/", views.app_sessions, name="app-sessions"),
    path("app/rep/", views.rep_home, name="rep-home"),
    path("app/rep/sessions/new/", views.rep_session_new, name="rep-session-new"),
    path("app/rep/sessions/<int:pk>/", views.rep_session, name="rep-session"),
    path("app/rep/links/<int:pk>/", views.rep_link, name="rep-link"),
    path("app/rep/concerns/<int:pk>/", views.rep_concern, name="rep-concern"),
]
