# 办事通 — make targets. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
STAMP     := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
KB_STAMP  := data/.kb-built
MODEL_STAMP := models/.trained
TRAIN_INPUTS := config.yml bot/domain.yml $(wildcard bot/data/*.yml)
NLU_INPUTS := data/guides_source.txt data/aliases.yml $(wildcard bot/nlu_templates/*.yml) $(wildcard bot/generate/*.py)
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help venv kb data train run test test-fast lint eval bench clean sysdeps

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt scripts/find_python.sh
	@PYBIN=$$(scripts/find_python.sh) || exit 1; \
	echo "==> 创建虚拟环境（$$PYBIN）并安装依赖（首次约需 3 分钟）…"; \
	[ -x $(PY) ] || $$PYBIN -m venv $(VENV); \
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt 2>&1 \
		| grep -v "is ignored: it is neither" ; [ $${PIPESTATUS[0]} -eq 0 ] \
		|| { echo "错误：依赖安装失败，请检查网络或 pip 源后重试 make venv。"; exit 1; }
	@rm -f $(VENV)/.installed-*; touch $@
	@echo "==> 依赖已安装"

venv: $(STAMP) ## Create .venv with Python 3.10 and the pinned dependencies

$(KB_STAMP): $(STAMP) data/guides_source.txt data/aliases.yml $(wildcard knowledge/*.py)
	@echo "==> 构建知识库…"
	$(PY) -m knowledge build
	@touch $@

kb: $(KB_STAMP) ## Build the knowledge base (data/kb.sqlite3 or $$KB_DATABASE_URL)

data: $(STAMP) ## Regenerate the NLU training data from the knowledge base
	$(PY) -m bot.generate

$(MODEL_STAMP): $(STAMP) $(TRAIN_INPUTS)
	@echo "==> 训练 Rasa 模型（约 2–4 分钟）…"
	$(RASA) train --config config.yml --domain bot/domain.yml --data bot/data --out models --fixed-model-name baishitong
	@touch $@

train: $(MODEL_STAMP) ## Train the Rasa model when its inputs changed

run: $(KB_STAMP) $(MODEL_STAMP) ## Set up everything needed, then start the bot
	@scripts/run.sh

sysdeps: ## Install system packages the tests need (Chromium, nginx, docker-compose) if missing
	@scripts/system_deps.sh

test: sysdeps $(KB_STAMP) $(MODEL_STAMP) ## Set up, then run all tests (pytest, incl. PostgreSQL/Redis and dialogue)
	$(PY) -m pytest -q

test-fast: $(KB_STAMP) ## Tests that need no trained model
	$(PY) -m pytest -q -m "not model"

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check knowledge bot tests
	$(VENV)/bin/mypy knowledge

eval: $(KB_STAMP) $(MODEL_STAMP) ## Score the dev set through the bot's REST channel (+ BM25 baseline)
	$(PY) eval/run_eval.py $(if $(URL),--url $(URL),)

clean: ## Remove the virtualenv, knowledge base and models
	rm -rf $(VENV) models data/kb.sqlite3 $(KB_STAMP)
