"""Reusable widgets the screens are built from, one widget per module.

Each module holds one widget with its ``DEFAULT_CSS`` and component classes, so a widget's
look and its code are read together. Widgets call services only through ``run_service``
(``screens/base.py``) and show user text only through ``screens/text.py``; they never push
a screen at import time, so a screen module can import any widget.
"""
