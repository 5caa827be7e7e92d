from django.urls import path

from . import public_views

app_name = "certification_public"

urlpatterns = [
    # Decree 356 Art. 27(4) and the registry of DESIGN section 3: open to everyone.
    path("registry/", public_views.registry, name="registry"),
    path("verify/<str:number>/", public_views.verify, name="verify"),
]
