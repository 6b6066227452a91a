"""Second-factor devices hold the TOTP secrets that stand between a password and the
account: django-otp registers them in the admin, where anyone with admin access could read
a secret and log in as its owner. They are enrolled and reset on the product's own pages."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
