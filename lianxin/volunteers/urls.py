from django.urls import path

from lianxin.volunteers import views, views_app

app_name = "volunteers"
urlpatterns = [
    path("workbench/volunteers/", views.home, name="home"),
    path("workbench/volunteers/brands/<int:pk>/", views.brand, name="brand"),
    path("workbench/volunteers/teams/<int:pk>/", views.team, name="team"),
    path("workbench/volunteers/memberships/<int:pk>/", views.membership_decide, name="membership"),
    path("workbench/volunteers/activities/<int:pk>/", views.activity, name="activity"),
    path("workbench/volunteers/activities/<int:pk>/qr/", views.activity_qr, name="activity-qr"),
    path("workbench/volunteers/signups/<int:pk>/hours/", views.signup_hours, name="signup-hours"),
    path("workbench/volunteers/people/", views.people, name="people"),
    path("workbench/volunteers/people/<int:pk>/", views.person, name="person"),
    path("workbench/volunteers/corrections/", views.corrections, name="corrections"),
    path("workbench/volunteers/corrections/<int:pk>/", views.correction_decide, name="correction"),
    path("workbench/volunteers/certificates/", views.certificates, name="certificates"),
    path(
        "workbench/volunteers/certificates/<int:pk>/pdf/", views.certificate_download, name="certificate-pdf"
    ),
    path(
        "workbench/volunteers/certificates/<int:pk>/revoke/",
        views.certificate_revoke,
        name="certificate-revoke",
    ),
    path("app/volunteers/", views_app.home, name="app-home"),
    path("app/volunteers/activities/<int:pk>/", views_app.activity, name="app-activity"),
    path("app/volunteers/activities/<int:pk>/check/<str:code>/", views_app.check, name="app-check"),
    path("app/volunteers/teams/<int:pk>/join/", views_app.join, name="app-join"),
    path("app/volunteers/code/", views_app.my_code, name="app-code"),
    path("app/volunteers/record/", views_app.record, name="app-record"),
    path("app/volunteers/services/<int:pk>/correct/", views_app.correct, name="app-correct"),
    path("app/volunteers/certificates/<int:pk>/pdf/", views_app.certificate, name="app-certificate"),
    path("volunteers/verify/<str:code>/", views_app.verify, name="verify"),
]
