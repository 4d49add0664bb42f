"""Question words as a second opinion on the field asked."""

import pytest

from bot.actions.field_cues import cued_field
from knowledge.fields import Field


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("今天交材料什么时候能办好", Field.TIME_LIMIT),  # materials as context yield to the asked field
        ("办得太慢了想投诉，打哪个电话", Field.COMPLAINT),  # 电话 of a complaint is not the consult phone
        ("证书在哪个网站能下载", Field.CHANNELS),  # 在哪 + 网站 asks for the channel, not an address
        ("我下个月满六十，还能接着交吗", Field.CONDITIONS),  # a yes/no "能…吗" asks whether one qualifies
        ("能在网上办吗", Field.CHANNELS),  # …unless other words say what is asked
        ("在哪办", Field.LOCATION),
        ("这个事项是干什么的", None),
    ],
)
def test_cued_field(text, field):
    assert cued_field(text) is field


def test_asked_materials_outrank_a_weak_conditions_cue():
    assert cued_field("能不能先调解，调解要什么材料") is Field.MATERIALS
    assert cued_field("带着材料去哪办") is Field.LOCATION
