from django.urls import path

from lianxin.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("picker/", views.picker, name="picker"),
    path("<int:pk>/", views.node_detail, name="node"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/add/", views.node_add, name="add"),
    path("<int:pk>/edit/", views.node_edit, name="edit"),
    path("<int:pk>/move/", views.node_move, name="move"),
    path("<int:pk>/posts/add/", views.position_add, name="position-add"),
    path("posts/<int:pk>/end/", views.position_end, name="position-end"),
    path("<int:pk>/members/add/", views.member_add, name="member-add"),
]
