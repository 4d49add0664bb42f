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

$(KB_STAMP): $(STAMP) data/guides_source.txt data/aliases.yml data/example_questions.yml data/process_steps.yml data/holidays.yml $(wildcard data/lexicon/*.yml) $(wildcard knowledge/*.py)
	@echo "==> 构建知识库…"
	$(PY) -m knowledge build
	@touch $@

kb: $(KB_STAMP) ## Build the knowledge base (data/kb.sqlite3 or $$KB_DATABASE_URL)

data: $(STAMP) ## Regenerate the NLU training data, the process steps derived from the guides and the fitted pinyin weights
	$(PY) -m bot.generate
	$(PY) -m knowledge steps
	$(PY) -m knowledge pinyin-fit

$(MODEL_STAMP): $(STAMP) $(TRAIN_INPUTS)
	@echo "==> 训练 Rasa 模型（约 3 分钟）…"
	@# a fixed hash seed orders the featurizers' vocabularies alike, so that a retrain is identical
	PYTHONHASHSEED=0 $(RASA) train --config config.yml --domain bot/domain.yml --data bot/data --out models --fixed-model-name baishitong
	@touch $@

train: $(MODEL_STAMP) ## Train the Rasa model when its inputs changed

run: $(KB_STAMP) $(MODEL_STAMP) ## Set up everything needed, then start the bot
	@scripts/run.sh

sysdeps: ## Install system packages the tests need (Chromium, nginx, docker-compose) if missing
	@scripts/system_deps.sh

test: sysdeps $(KB_STAMP) $(MODEL_STAMP) lint ## Set up, lint, then run all tests (pytest, incl. PostgreSQL/Redis and dialogue)
	$(PY) -m pytest -q

test-fast: $(KB_STAMP) ## Tests that need no trained model
	$(PY) -m pytest -q -m "not model"

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check knowledge bot tests eval scripts
	$(VENV)/bin/mypy knowledge bot

eval: $(KB_STAMP) $(MODEL_STAMP) ## Score the dev set through the bot's REST channel (+ BM25 baseline)
	$(PY) eval/run_eval.py $(if $(URL),--url $(URL),)

clean: ## Remove the virtualenv, knowledge base and models
	rm -rf $(VENV) models data/kb.sqlite3 $(KB_STAMP)

# --- channels ---
# Web chat (bot/channels/web.py) uses the deep-chat component from npm, pinned in package.json and
# package-lock.json. Its built file is copied to web/vendor/deep-chat/ and committed together with
# the licences of everything bundled in it, so running or testing the bot needs neither npm nor a network.
DEEP_CHAT_DIR := web/vendor/deep-chat
.PHONY: web kiosk-eval

web: ## Rebuild the web chat's vendored deep-chat file (web/vendor/) from package-lock.json (needs npm)
	npm ci --no-audit --no-fund
	mkdir -p $(DEEP_CHAT_DIR)
	cp node_modules/deep-chat/dist/deepChat.bundle.js $(DEEP_CHAT_DIR)/deepChat.bundle.js
	cp node_modules/deep-chat/LICENSE $(DEEP_CHAT_DIR)/LICENSE
	@{ echo "Third-party software bundled in deepChat.bundle.js (deep-chat $$(node -p "require('./node_modules/deep-chat/package.json').version"))"; \
	  for pkg in $$(cd node_modules && ls -d */ @*/*/ | grep -v '^@[^/]*/$$' | sed 's#/$$##' | grep -v -E '^(deep-chat|axe-core)$$'); do \
	    echo; echo "==== $$pkg $$(node -p "require('./node_modules/$$pkg/package.json').version") ($$(node -p "require('./node_modules/$$pkg/package.json').license"))"; \
	    lic=$$(ls node_modules/$$pkg | grep -i -E '^(licen[cs]e|copying)' | head -n1); \
	    if [ -n "$$lic" ]; then cat "node_modules/$$pkg/$$lic"; else echo "(no licence file in the package; package.json declares the licence above)"; fi; \
	  done; } > $(DEEP_CHAT_DIR)/THIRD_PARTY_NOTICES.txt
	@cd $(DEEP_CHAT_DIR) && sha256sum deepChat.bundle.js > deepChat.bundle.js.sha256
	@echo "==> $(DEEP_CHAT_DIR) 已更新（提交其中的文件）"
	@# axe-core (MPL-2.0, a dev dependency): the accessibility checker the browser tests inject (tests/channels/test_accessibility.py);
	@# never served to users. It is not bundled in deep-chat, so it is left out of deep-chat's notices above.
	mkdir -p web/vendor/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt web/vendor/axe-core/
	@cd web/vendor/axe-core && sha256sum axe.min.js > axe.min.js.sha256
	@echo "==> web/vendor/axe-core 已更新（axe-core $$(node -p "require('./node_modules/axe-core/package.json').version")，提交其中的文件）"

kiosk-eval: $(KB_STAMP) $(MODEL_STAMP) ## Item accuracy of the dev set's speech questions: kiosk path vs REST path
	$(PY) -m bot.channels.kiosk_eval $(if $(URL),--url $(URL),)

# --- deploy & bench ---
# Production deployment (docker-compose.yml, deploy/) and the performance benchmark (bench/).
.PHONY: deploy-check

bench: $(KB_STAMP) $(MODEL_STAMP) ## Benchmark (12–18 min): load at 1/10/20/50 users for 1 and 2 replicas and stock Rasa, KB/NLU latency, training, memory → reports/bench.{json,png}
	$(PY) -m bench.run $(BENCH_ARGS)

deploy-check: sysdeps $(KB_STAMP) $(MODEL_STAMP) ## Validate docker-compose.yml, nginx and endpoints; two replicas on PostgreSQL + Redis behind nginx (tests/deploy)
	docker-compose --env-file deploy/.env.example config -q
	$(PY) -m pytest -q tests/deploy
