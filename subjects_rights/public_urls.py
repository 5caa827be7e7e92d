app_name = "rights_public"

urlpatterns: list = []
