"""Custom Rasa NLU components (imported by the Rasa server when it loads the model)."""

from bot.nlu.rasa_patches import cache_action_response_validation

cache_action_response_validation()
