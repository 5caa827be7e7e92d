app_name = "breaches_public"

urlpatterns: list = []
