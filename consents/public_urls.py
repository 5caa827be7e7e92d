from django.urls import path

from . import public_views

app_name = "consents_public"

urlpatterns = [
    path(".well-known/consent-keys/<slug:slug>/jwks.json", public_views.jwks, name="jwks"),
    path("consent/verify/", public_views.verify, name="verify"),
    path("consent/<slug:slug>/", public_views.ask, name="ask"),
    path("consent/<slug:slug>/me/<str:token>/", public_views.mine, name="mine"),
    path("consent/<slug:slug>/me/<str:token>/withdraw/", public_views.withdraw, name="withdraw"),
    path(
        "consent/<slug:slug>/me/<str:token>/receipt/<uuid:uid>/",
        public_views.receipt,
        name="receipt",
    ),
    path(
        "consent/<slug:slug>/me/<str:token>/receipt/<uuid:uid>/receipt.pdf",
        public_views.receipt_pdf,
        name="receipt_pdf",
    ),
    path(
        "consent/<slug:slug>/me/<str:token>/receipt/<uuid:uid>/receipt.jws",
        public_views.receipt_jws,
        name="receipt_jws",
    ),
]
