"""100 concurrent conversations with interleaved follow-ups: no cross-talk between them."""

import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]
CONVERSATIONS = 100


def test_concurrent_conversations_keep_their_own_item(bot, sqlite_repo):
    names = [e.guide.name for e in sqlite_repo.catalogue()]
    rng = random.Random(7)
    chosen = rng.sample(names, CONVERSATIONS)
    senders = [f"crowd-{uuid.uuid4().hex[:8]}-{i}" for i in range(CONVERSATIONS)]

    def text(messages):
        return "\n".join(m.get("text") or "" for m in messages)

    with ThreadPoolExecutor(max_workers=20) as pool:
        # first turns of all conversations, concurrently
        firsts = list(pool.map(lambda i: text(bot.send(senders[i], f"{chosen[i]}需要什么材料", timeout=60)),
                               range(CONVERSATIONS)))
        # then the follow-ups, interleaved in another order
        order = list(range(CONVERSATIONS))
        rng.shuffle(order)
        follow = dict(zip(order, pool.map(lambda i: text(bot.send(senders[i], "那在哪里办", timeout=60)), order)))
    answered = [i for i in range(CONVERSATIONS) if firsts[i].startswith(f"【{chosen[i]}】")]
    assert len(answered) >= 0.9 * CONVERSATIONS  # official names: the first turn names its own item
    for i in answered:
        assert follow[i].startswith(f"【{chosen[i]}】\n办事机构及地点"), (chosen[i], follow[i][:60])
