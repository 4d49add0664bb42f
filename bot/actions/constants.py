"""Intent, slot, entity and action names: the one place they are spelled."""

from __future__ import annotations

from knowledge.fields import Field

# Intents that ask for one field of a guide
FIELD_INTENTS: dict[str, Field] = {
    "ask_materials": Field.MATERIALS,
    "ask_conditions": Field.CONDITIONS,
    "ask_summary": Field.SUMMARY,
    "ask_channels": Field.CHANNELS,
    "ask_time_limit": Field.TIME_LIMIT,
    "ask_delivery": Field.DELIVERY,
    "ask_fees": Field.FEES,
    "ask_hours": Field.HOURS,
    "ask_location": Field.LOCATION,
    "ask_consult": Field.CONSULT,
    "ask_complaint": Field.COMPLAINT,
}
INTENT_FOR_FIELD = {field: intent for intent, field in FIELD_INTENTS.items()}

ASK_OVERVIEW = "ask_overview"
ASK_OPEN_NOW = "ask_open_now"
INFORM_SITUATION = "inform_situation"
INFORM_ITEM = "inform_item"
CORRECT_ITEM = "correct_item"
CHOOSE = "choose"
BROWSE = "browse"
MORE = "more"
GREET = "greet"
THANKS = "thanks"
GOODBYE = "goodbye"
BOT_IDENTITY = "bot_identity"
HANDOFF = "handoff"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"

# Slots (all set by actions only)
SLOT_GUIDE = "guide_id"
SLOT_FIELD = "field"
SLOT_CANDIDATES = "candidate_ids"
SLOT_BROWSE_QUERY = "browse_query"
SLOT_BROWSE_OFFSET = "browse_offset"
SLOT_RECENT = "recent_ids"  # the items answered in this conversation, oldest first (going back)
SLOT_PEOPLE = "recent_people"  # whose matter each recent item was (going back by person: "俺妈那个")
SLOT_ASKED_TEXT = "asked_text"  # what the user said that named the item in focus, or the list offered

# Entities (sent by buttons: /ask_location{"guide_id": "..."})
ENTITY_GUIDE = "guide_id"
ENTITY_CATEGORY = "category"
ENTITY_SITUATION = "situation"

# Custom actions
ACTION_ANSWER = "action_answer"
ACTION_INFORM_ITEM = "action_inform_item"
ACTION_CHOOSE = "action_choose"
ACTION_BROWSE = "action_browse"
ACTION_BROWSE_MORE = "action_browse_more"
ACTION_HANDOFF = "action_handoff"
ACTION_FALLBACK = "action_fallback"
ACTION_OPEN_NOW = "action_open_now"
ACTION_SITUATION = "action_situation"
ACTION_SMALL_TALK = "action_small_talk"
