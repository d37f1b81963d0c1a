from django.urls import path

from lianxin.campaigns.views import campaigns, exports, figures, inspections, scores, setup, tasks

app_name = "campaigns"

WB = "workbench/campaigns/"
urlpatterns = [
    path(WB, campaigns.campaign_list, name="list"),
    path(f"{WB}new/", campaigns.campaign_new, name="new"),
    path(f"{WB}mine/", tasks.my_tasks, name="mine"),
    path(f"{WB}<int:pk>/", campaigns.campaign_board, name="board"),
    path(f"{WB}<int:pk>/edit/", campaigns.campaign_edit, name="edit"),
    path(f"{WB}<int:pk>/setup/", setup.campaign_setup, name="setup"),
    path(f"{WB}<int:pk>/setup/group/", setup.seat_add, name="seat-add"),
    path(f"{WB}<int:pk>/setup/group/<int:seat>/remove/", setup.seat_remove, name="seat-remove"),
    path(f"{WB}<int:pk>/posts/new/", setup.post_form, name="post-new"),
    path(f"{WB}<int:pk>/posts/<int:post_pk>/edit/", setup.post_form, name="post-edit"),
    path(f"{WB}posts/<int:post_pk>/", figures.post_page, name="post"),
    path(f"{WB}posts/<int:post_pk>/figures/", figures.post_figures, name="post-figures"),
    path(f"{WB}posts/<int:post_pk>/areas/", setup.area_add, name="area-add"),
    path(f"{WB}posts/<int:post_pk>/areas/<int:area>/remove/", setup.area_remove, name="area-remove"),
    path(f"{WB}posts/<int:post_pk>/members/", setup.member_add, name="member-add"),
    path(f"{WB}posts/<int:post_pk>/members/<int:member>/remove/", setup.member_remove, name="member-remove"),
    path(f"{WB}<int:pk>/tasks/", tasks.task_tree, name="tasks"),
    path(f"{WB}<int:pk>/tasks/new/", tasks.task_new, name="task-new"),
    path(f"{WB}<int:pk>/tasks/export.xlsx", exports.tasks_xlsx, name="tasks-xlsx"),
    path(f"{WB}tasks/<int:pk>/", tasks.task_page, name="task"),
    path(f"{WB}tasks/<int:pk>/edit/", tasks.task_edit, name="task-edit"),
    path(f"{WB}tasks/<int:pk>/progress/", tasks.task_progress_view, name="task-progress"),
    path(f"{WB}tasks/<int:pk>/evidence/", tasks.task_evidence, name="task-evidence"),
    path(f"{WB}tasks/<int:pk>/evidence/<int:evidence>/photo/", tasks.evidence_photo, name="evidence-photo"),
    path(f"{WB}tasks/<int:pk>/break-down/", tasks.subtask_new, name="subtask-new"),
    path(f"{WB}<int:pk>/figures/", figures.figures, name="figures"),
    path(f"{WB}<int:pk>/figures/add/", figures.metric_add, name="metric-add"),
    path(f"{WB}<int:pk>/figures/<int:metric_pk>/", figures.metric_edit, name="metric-edit"),
    path(f"{WB}<int:pk>/figures/export.xlsx", exports.figures_xlsx, name="figures-xlsx"),
    path(f"{WB}<int:pk>/meetings/", figures.meetings, name="meetings"),
    path(f"{WB}meetings/<int:meeting_pk>/", figures.meeting_page, name="meeting"),
    path(f"{WB}<int:pk>/scores/", scores.scores, name="scores"),
    path(f"{WB}<int:pk>/scores/criteria/", scores.criterion_form, name="criterion-add"),
    path(f"{WB}<int:pk>/scores/criteria/<int:criterion_pk>/", scores.criterion_form, name="criterion-edit"),
    path(f"{WB}<int:pk>/scores/export.xlsx", exports.scores_xlsx, name="scores-xlsx"),
    path(f"{WB}<int:pk>/flags/", scores.flags, name="flags"),
    path(f"{WB}<int:pk>/flags/award/", scores.flags_award_view, name="flags-award"),
    path(f"{WB}<int:pk>/quarter/", scores.quarter, name="quarter"),
    path(f"{WB}<int:pk>/findings/", inspections.findings, name="findings"),
    path(f"{WB}findings/<int:finding_pk>/", inspections.finding_page, name="finding"),
    path(f"{WB}findings/<int:finding_pk>/recheck/", inspections.finding_recheck, name="finding-recheck"),
    path(
        f"{WB}findings/<int:finding_pk>/photos/<int:photo>/", inspections.finding_photo, name="finding-photo"
    ),
    # The inspector's phone pages.
    path("app/inspect/", inspections.inspect_home, name="inspect"),
    path("app/inspect/<int:pk>/", inspections.inspect_home, name="inspect-campaign"),
    path(
        "app/inspect/<int:pk>/score/<str:subject>/<int:holder_pk>/",
        inspections.inspect_score,
        name="inspect-score",
    ),
    path("app/inspect/<int:pk>/finding/", inspections.inspect_finding, name="inspect-finding"),
    path("app/inspect/findings/<int:finding_pk>/", inspections.inspect_recheck, name="inspect-recheck"),
]
