"""Custom actions (rasa_sdk). Run with: rasa run actions --actions bot.actions"""

from bot.actions.actions import (  # noqa: F401  (registers the actions)
    ActionAnswer,
    ActionBrowse,
    ActionBrowseMore,
    ActionChoose,
    ActionFallback,
    ActionHandoff,
    ActionInformItem,
    ActionOpenNow,
    ActionSituation,
)
from bot.actions.services import warm_up_in_background
from knowledge.settings import Settings

if Settings.from_env().warm_up_at_start:  # the action server (bot/launch.py sets ACTIONS_WARM_UP)
    warm_up_in_background()
