app_name = "certification_public"

urlpatterns: list = []
