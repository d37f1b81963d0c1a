from django.urls import path

from lianxin.socialwork import views

app_name = "socialwork"
urlpatterns = [
    path("workbench/social-work/", views.contract_list, name="contracts"),
    path("workbench/social-work/contracts/add/", views.contract_add, name="contract-add"),
    path("workbench/social-work/contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("workbench/social-work/contracts/<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("workbench/social-work/contracts/<int:pk>/state/", views.contract_state, name="contract-state"),
    path(
        "workbench/social-work/contracts/<int:pk>/export.xlsx", views.contract_export, name="contract-export"
    ),
    path("workbench/social-work/contracts/<int:pk>/deliverables/", views.deliverables, name="deliverables"),
    path(
        "workbench/social-work/deliverables/<int:pk>/edit/", views.deliverable_edit, name="deliverable-edit"
    ),
    path(
        "workbench/social-work/deliverables/<int:pk>/remove/",
        views.deliverable_remove,
        name="deliverable-remove",
    ),
    path("workbench/social-work/queue/", views.review_queue, name="queue"),
    path("workbench/social-work/logs/<int:pk>/review/", views.log_review, name="log-review"),
    path("workbench/social-work/logs/<int:pk>/photo/", views.log_photo, name="log-photo"),
    path("app/social-work/", views.app_contracts, name="app-contracts"),
    path("app/social-work/log/", views.app_log_new, name="app-log"),
    path("app/social-work/logs/", views.app_logs, name="app-logs"),
]
