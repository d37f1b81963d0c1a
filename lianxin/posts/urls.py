from django.urls import path

from lianxin.posts import member_views, review_views, views

app_name = "posts"
urlpatterns = [
    path("workbench/posts/", views.post_list, name="posts"),
    path("workbench/posts/add/", views.post_add, name="post-add"),
    path("workbench/posts/<int:pk>/", views.post_detail, name="post"),
    path("workbench/posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("workbench/posts/shifts/<int:pk>/end/", views.shift_end, name="shift-end"),
    path("workbench/posts/shifts/<int:pk>/served/", views.duty_record, name="duty-record"),
    path("workbench/posts/duties/<int:pk>/withdraw/", views.duty_withdraw, name="duty-withdraw"),
    path("workbench/posts/on-duty/", views.on_duty, name="on-duty"),
    path("workbench/posts/lists/", views.lists, name="lists"),
    path("workbench/posts/lists/<int:pk>/", views.list_page, name="list"),
    path("workbench/posts/lists/<int:pk>/edit/", views.list_edit, name="list-edit"),
    path("workbench/posts/lists/versions/<int:pk>/", views.version_page, name="version"),
    path("workbench/posts/needs/", views.need_list, name="needs"),
    path("workbench/posts/needs/<int:pk>/close/", views.need_close, name="need-close"),
    path("workbench/posts/rules/", views.rules_page, name="rules"),
    path("workbench/posts/queue/", review_views.queue, name="queue"),
    path("workbench/posts/reports/<int:pk>/", review_views.report_page, name="report"),
    path("workbench/posts/reports/<int:pk>/decide/", review_views.report_decide, name="report-decide"),
    path("workbench/posts/claims/<int:pk>/decide/", review_views.claim_decide, name="claim-decide"),
    path("workbench/posts/services/<int:pk>/decide/", review_views.service_decide, name="service-decide"),
    path("workbench/posts/employer/", review_views.employer_home, name="employer"),
    path("workbench/posts/employer/feedback/", review_views.employer_feedback, name="feedback"),
    path("app/posts/", member_views.member_home, name="app-home"),
    path("app/posts/report/", member_views.member_report, name="app-report"),
    path("app/posts/receipt/", member_views.member_receipt, name="app-receipt"),
    path("app/posts/claim/", member_views.member_claim, name="app-claim"),
    path("app/posts/services/", member_views.member_services_page, name="app-services"),
    path("app/posts/services/new/", member_views.member_service_new, name="app-service-new"),
    path("app/posts/services/<int:pk>/", member_views.service_page, name="service"),
    path("app/posts/services/<int:pk>/photo/", member_views.service_photo, name="service-photo"),
    path("app/posts/points/", member_views.member_points, name="app-points"),
    path("app/posts/list/", member_views.resident_list, name="app-list"),
]
