"""A Jieba tokenizer that first normalises the text (pinyin → characters, traditional → simplified,
full-width → half-width).

Kiosk and WeChat users send traditional characters and full-width digits; normalising
inside the pipeline means the classifier sees the same text at training and at run time.
The user dictionary (generated from the guides) is kept inside the trained model.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.normalize import clean
from knowledge.pinyin_input import hanzi_of


def _normalise(message: Message) -> None:
    text = message.get(TEXT)
    if isinstance(text, str) and text:
        message.set(TEXT, clean(hanzi_of(text)) or text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class NormalizingJiebaTokenizer(JiebaTokenizer):
    """``JiebaTokenizer`` over normalised text."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            _normalise(message)
        return super().process(messages)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            _normalise(example)
        return super().process_training_data(training_data)
