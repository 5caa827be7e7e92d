from django.urls import path

from . import public_views

app_name = "rights_public"

urlpatterns = [
    path("r/confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("r/<slug:slug>/", public_views.request_form, name="form"),
    path("r/<slug:slug>/sent/", public_views.request_sent, name="sent"),
    path("r/<slug:slug>/form.pdf", public_views.printable_form, name="printable"),
    path("track/<str:token>/", public_views.track, name="track"),
    path(
        "track/<str:token>/acknowledgement.pdf",
        public_views.track_acknowledgement,
        name="acknowledgement",
    ),
    path("track/<str:token>/withdraw/", public_views.withdraw, name="withdraw"),
]
