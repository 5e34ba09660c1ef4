import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from partnerships.models import RateLimitHit

pytestmark = pytest.mark.django_db

PROJECT_MODELS = [
    model
    for app_label in ("partnerships", "hosting", "programmes")
    for model in apps.get_app_config(app_label).get_models()
    if not model._meta.label.split(".")[1].startswith("Historical")
]


def test_every_project_model_is_in_the_admin():
    assert PROJECT_MODELS
    for model in PROJECT_MODELS:
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_and_add_pages_load(client, superuser, model, demo_data):
    client.force_login(superuser)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert client.get(reverse(f"{prefix}_changelist"), {"q": "a"}).status_code == 200
    assert client.get(reverse(f"{prefix}_add")).status_code == 200
    if model is RateLimitHit:  # not demo data: rows exist only for an hour after a sign-up
        RateLimitHit.objects.create(scope="host_signup", key="0" * 64)
    obj = model._default_manager.first()
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_admin_is_titled_for_the_portal(client, superuser, settings):
    client.force_login(superuser)
    assert f"Administration | {settings.PORTAL_NAME}" in client.get(reverse("admin:index")).content.decode()
