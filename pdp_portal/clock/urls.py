"""Staff pages under /clock/. Deadline pages are appended to the list below."""

from django.urls import path

from . import views

app_name = "clock"

urlpatterns = [
    path("calendar/", views.calendar_year, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("rules/", views.rules, name="rules"),
]

# --- Deadlines (compliance calendar, detail, ICS feed): clock.deadline_views ---
from . import deadline_views  # noqa: E402

urlpatterns += [
    path("deadlines/", deadline_views.deadline_list, name="deadlines"),
    path("deadlines/<int:pk>/", deadline_views.deadline_detail, name="deadline_detail"),
    path("feed/rotate/", deadline_views.feed_rotate, name="feed_rotate"),
    path("feed/<str:token>.ics", deadline_views.feed, name="feed"),
]
