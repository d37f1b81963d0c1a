from django.urls import path

from lianxin.learning import app_views, views

app_name = "learning"
urlpatterns = [
    path("workbench/learning/", views.course_list, name="courses"),
    path("workbench/learning/courses/add/", views.course_add, name="course-add"),
    path("workbench/learning/courses/<int:pk>/", views.course_detail, name="course"),
    path("workbench/learning/courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("workbench/learning/courses/<int:pk>/progress/", views.course_progress, name="progress"),
    path(
        "workbench/learning/courses/<int:pk>/progress.xlsx",
        views.course_progress_export,
        name="progress-export",
    ),
    path("workbench/learning/lessons/<int:pk>/edit/", views.lesson_edit, name="lesson-edit"),
    path("workbench/learning/lessons/<int:pk>/remove/", views.lesson_remove, name="lesson-remove"),
    path("workbench/learning/questions/<int:pk>/remove/", views.question_remove, name="question-remove"),
    path("workbench/learning/hours/", views.branch_hours, name="branch-hours"),
    path("workbench/learning/hours.xlsx", views.branch_hours_export, name="branch-hours-export"),
    path("app/learning/", app_views.courses, name="app-courses"),
    path("app/learning/courses/<int:pk>/", app_views.course, name="app-course"),
    path("app/learning/courses/<int:pk>/quiz/", app_views.quiz, name="app-quiz"),
    path("app/learning/lessons/<int:pk>/", app_views.lesson, name="app-lesson"),
    path("app/learning/lessons/<int:pk>/file/", app_views.lesson_file, name="lesson-file"),
    path("app/learning/hours/", app_views.hours, name="app-hours"),
    path("app/learning/leaderboard/", app_views.leaderboard, name="app-leaderboard"),
]
