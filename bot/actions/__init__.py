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
