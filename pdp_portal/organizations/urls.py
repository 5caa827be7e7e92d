from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create_view, name="create"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
]
