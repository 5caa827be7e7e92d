app_name = "dossiers_public"

urlpatterns: list = []
