"""Signals of the core records, for the layers above that keep something derived from them."""

from django.dispatch import Signal

# Sent (with the model as sender) after rows were written in bulk, without save() and so without
# post_save: the imports. Receivers treat it as a save of that model.
bulk_saved = Signal()
