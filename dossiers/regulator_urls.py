app_name = "dossiers_regulator"

urlpatterns: list = []
