from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/calendar/new/", views.calendar_feed_create, name="calendar_feed_create"),
    path("profile/calendar/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("agreements/<int:pk>/reminders/", views.agreement_reminders, name="agreement_reminders"),
    path("hosting/answer/<str:token>/", views.host_answer, name="host_answer"),
    path("hosting/answer/<str:token>/thanks/", views.host_answer_thanks, name="host_answer_thanks"),
    path("my-company/hosting/", views.company_hosting, name="company_hosting"),
]
