from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("wysylki/", views.deliveries, name="deliveries"),
    path("wysylki/<int:pk>/<slug:action>/", views.delivery_action, name="delivery_action"),
    path("<int:pk>/awaryjnie/", views.publish_in_emergency, name="emergency_publish"),
    path("<int:pk>/potwierdz-awaryjna/", views.confirm_emergency, name="emergency_confirm"),
]
