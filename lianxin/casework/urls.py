from django.urls import path

from lianxin.casework import views

urlpatterns = [
    path("app/cases/", views.my_cases, name="app-cases"),
    path("app/cases/new/", views.case_new, name="app-case-new"),
    path("app/cases/<int:pk>/", views.my_case, name="app-case"),
    path("app/cases/<int:pk>/rate/", views.my_case_rate, name="app-case-rate"),
    path("cases/<int:pk>/photos/<int:photo_id>/", views.case_photo, name="case-photo"),
    path("workbench/cases/", views.case_queue, name="cases"),
    path("workbench/cases/intake/", views.case_intake, name="case-intake"),
    path("workbench/cases/supervision/", views.case_supervision, name="case-supervision"),
    path("workbench/cases/<int:pk>/", views.case_page, name="case"),
    path("workbench/cases/<int:pk>/<str:action>/", views.case_step, name="case-step"),
]
