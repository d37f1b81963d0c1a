"""GeoReport v2 under /open311/v2/: every resource in .json and .xml."""

from django.urls import path, re_path, register_converter

from lianxin.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311_format:fmt>", views.discovery, name="discovery"),
    path("services.<open311_format:fmt>", views.service_list, name="services"),
    path("services/<str:code>.<open311_format:fmt>", views.service_definition, name="service"),
    path("requests.<open311_format:fmt>", views.request_list, name="requests"),
    path("requests/<str:number>.<open311_format:fmt>", views.request_detail, name="request"),
    path("tokens/<str:token>.<open311_format:fmt>", views.token_detail, name="token"),
    path("photos/<str:token>", views.photo, name="photo"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
