from django.urls import path

from lianxin.ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
