# Hearth: `make run` serves a demo on http://127.0.0.1:8000; `make test` runs every check.
SHELL := /bin/bash
PY := .venv/bin/python
UV_VERSION := 0.13.8
PORT ?= 8000
export UV_PYTHON := python3.11

DEV_ENV := HEARTH_SECRET_KEY_FILE=var/secret_key HEARTH_MASTER_KEY_FILE=var/master_key \
	HEARTH_HTTPS=false HEARTH_DEBUG=false HEARTH_NEUTRAL_EXIT_URL=$${HEARTH_NEUTRAL_EXIT_URL:-https://www.bbc.co.uk/weather}
TEST_ENV := HEARTH_SECRET_KEY=test-secret-key-not-for-production-0123456789abcdef \
	HEARTH_MASTER_KEY=dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcHJvZC0zMmI= HEARTH_HTTPS=false
PG_ENV := HEARTH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth HEARTH_REDIS_URL=redis://127.0.0.1:6379/5

.PHONY: install run test test-sqlite test-postgres test-e2e lint bench clean code

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null || python3 -m pip install -q --user "uv==$(UV_VERSION)" || python3 -m pip install -q "uv==$(UV_VERSION)"
	PATH="$$HOME/.local/bin:$$PATH" uv sync --frozen --all-groups
	@touch $@

var/models/.built: .venv/.synced hearth/safety/model/build.py hearth/safety/model/paths.py hearth/safety/data/risk_classifier.safetensors
	$(PY) -m hearth.safety.model.build
	@mkdir -p var/models && touch $@

hearth/locale/es/LC_MESSAGES/django.mo: hearth/locale/es/LC_MESSAGES/django.po
	./scripts/ensure-system.sh
	msgfmt --check -o $@ $<

install: .venv/.synced var/models/.built hearth/locale/es/LC_MESSAGES/django.mo
	mkdir -p var
	./scripts/ensure-system.sh

run: install
	./scripts/dev-secrets.sh
	@$(DEV_ENV) $(PY) manage.py migrate -v 0
	@$(DEV_ENV) $(PY) manage.py collectstatic --noinput -v 0
	@$(DEV_ENV) $(PY) manage.py seed_demo --base-url http://127.0.0.1:$(PORT)
	@$(DEV_ENV) $(PY) manage.py seed_demo_forum
	@$(DEV_ENV) $(PY) manage.py seed_demo_chat
	@echo "Hearth is at http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	@$(DEV_ENV) $(PY) manage.py run_huey --workers 1 & \
	trap "kill $$! 2>/dev/null" EXIT; \
	$(DEV_ENV) .venv/bin/uvicorn hearth.asgi:application --host 127.0.0.1 --port $(PORT) \
		--no-access-log --no-server-header --loop uvloop --http httptools --ws websockets-sansio \
		--ws-per-message-deflate false

# A current two-step code for a demo staff account: make code WHO=fran
code: install
	@$(DEV_ENV) $(PY) manage.py demo_code $(WHO)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(TEST_ENV) .venv/bin/mypy hearth
	.venv/bin/lint-imports
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run -v 0
	HEARTH_SECRET_KEY=$$(python3 -c "import secrets;print(secrets.token_urlsafe(50))") \
	HEARTH_MASTER_KEY=dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcHJvZC0zMmI= \
	HEARTH_ALLOWED_HOSTS=hearth.example.org HEARTH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
	HEARTH_REDIS_URL=redis://127.0.0.1:6379/5 \
		$(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: install
	$(TEST_ENV) $(PY) -m pytest -q -n 2 hearth

test-postgres: install
	./scripts/ensure-services.sh
	$(TEST_ENV) $(PG_ENV) $(PY) -m pytest -q -n 2 hearth

test-e2e: install
	$(PY) -m pytest -q -p no:django e2e

test: install lint test-sqlite test-postgres test-e2e
	@echo "make test: all suites passed"

bench: install
	$(PY) bench/assess_speed.py
	./scripts/ensure-services.sh
	$(PY) bench/stack_floor.py
	$(PY) bench/thread_page.py
	$(PY) bench/chat_room.py

clean:
	rm -rf .venv var staticfiles
