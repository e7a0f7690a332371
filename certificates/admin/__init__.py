"""Certificates in the Wagtail admin: its views and viewsets (`views`) and the writes only
the admin makes (`services`). Registered from certificates/wagtail_hooks.py; nothing here
registers a hook."""
