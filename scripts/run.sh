#!/usr/bin/env bash
# Starts the action server and Rasa (REST channel), prints where to chat. Called by `make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTIONS_PORT}/webhook}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p data/runtime

.venv/bin/rasa run actions --actions bot.actions --port "$ACTIONS_PORT" > data/runtime/actions.log 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID $RASA_PID 2>/dev/null || true' EXIT INT TERM

echo "==> 启动 Rasa（约 30 秒）…"
.venv/bin/rasa run --model models/baishitong.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "*" > data/runtime/rasa.log 2>&1 &
RASA_PID=$!

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:${RASA_PORT}/" >/dev/null 2>&1; then break; fi
  if ! kill -0 $RASA_PID 2>/dev/null; then echo "错误：Rasa 启动失败，日志见 data/runtime/rasa.log"; tail -20 data/runtime/rasa.log; exit 1; fi
  sleep 1
done
cat <<MSG

办事通已启动：
  网页聊天：     http://localhost:${RASA_PORT}/webhooks/web/
  坐席助手：     http://localhost:${RASA_PORT}/webhooks/assist/
  嵌入网页：     <script src="http://localhost:${RASA_PORT}/webhooks/web/widget.js"></script>
  REST 接口：    curl -s -X POST http://localhost:${RASA_PORT}/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{"sender":"me","message":"失业金要带什么材料"}'
  日志：         data/runtime/rasa.log、data/runtime/actions.log
按 Ctrl+C 停止。
MSG
wait $RASA_PID
