"""``python -m bot.generate``: regenerate bot/data/nlu.yml and the jieba user dictionary."""

from bot.generate import NLU_PATH, USERDICT_PATH, generate, write

generated = generate()
write(generated)
examples = sum(1 for line in generated.nlu.splitlines() if line.startswith("    - "))
print(f"已生成 {NLU_PATH.name}（{examples} 条训练例句）和 {USERDICT_PATH.name}（{len(generated.userdict.splitlines())} 个词）。")
