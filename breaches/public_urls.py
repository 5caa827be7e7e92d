from django.urls import path

from . import public_views

app_name = "breaches_public"

urlpatterns = [
    # Decree 356 Art. 29(3)(a): the public notice when not every data subject can be reached.
    path("notices/<uuid:public_id>/", public_views.notice, name="notice"),
]
