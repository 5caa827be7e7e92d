from django.urls import path

from . import regulator_views as views

app_name = "inspections_regulator"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/notify/", views.move, {"move": "notify"}, name="notify"),
    path("<int:pk>/start/", views.move, {"move": "start"}, name="start"),
    path("<int:pk>/close/", views.move, {"move": "close"}, name="close"),
    path("<int:pk>/findings/", views.finding, name="finding"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/items/<int:item_pk>/accept/", views.item_accept, name="item_accept"),
    path("<int:pk>/items/<int:item_pk>/reopen/", views.item_reopen, name="item_reopen"),
]
