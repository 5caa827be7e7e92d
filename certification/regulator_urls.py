app_name = "certification_regulator"

urlpatterns: list = []
