app_name = "breaches_regulator"

urlpatterns: list = []
