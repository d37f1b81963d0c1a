from django.contrib import admin
from django.urls import include, path

from lianxin.core.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("workbench/orgs/", include("lianxin.orgs.urls")),
    path("workbench/people/", include("lianxin.people.urls")),
    path("workbench/figures/", include("lianxin.reports.urls")),
    path("workbench/open311/", include("lianxin.open311.page_urls")),
    path("open311/v2/", include("lianxin.open311.urls")),
    path("", include("lianxin.liaison.urls")),
    path("", include("lianxin.meetings.urls")),
    path("", include("lianxin.campaigns.urls")),
    path("", include("lianxin.posts.urls")),
    path("", include("lianxin.volunteers.urls")),
    path("", include("lianxin.socialwork.urls")),
    path("", include("lianxin.events.urls")),
    path("", include("lianxin.learning.urls")),
    path("", include("lianxin.casework.urls")),
    path("", include("lianxin.ops.urls")),  # /healthz
    path("", include("lianxin.core.urls")),
]
