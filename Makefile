# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: demo serve test bench loadtest install lint format check-deploy wheel clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(STAMP)

# The demo runs as readers get the site in production (DEBUG off: config/settings/demo.py).
DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.demo DEMO_HOST=$(HOST) DEMO_PORT=$(PORT)

demo: $(STAMP)
	mkdir -p var/staticfiles
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo_content
	@echo ""
	@echo "Serving the demo blog at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Press Ctrl+C to stop."
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings under gunicorn; DATABASE_URL, CACHE_URL, WEB_CONCURRENCY, PORT from the
# environment (README, "Running in production").
serve: $(STAMP)
	PORT=$(PORT) bash config/serve.sh

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	@echo "## Glossary linking (plain Python)"
	$(BIN)/python -m benchmarks.linking
	@echo ""
	@echo "## Post page with glossary terms (queries do not grow with terms)"
	$(BIN)/python -m benchmarks.post_page_queries
	@echo ""
	@echo "## Related posts at 100, 1,000 and 10,000 posts"
	$(BIN)/python -m benchmarks.related_posts
	@echo ""
	@echo "## Whitepaper gate: submissions with 20 concurrent clients (PostgreSQL, gunicorn)"
	$(BIN)/python -m benchmarks.gate_submissions
	@echo ""
	@echo "## Serving: static file, rendered and cached pages with wrk (writes BENCHMARKS.md)"
	$(BIN)/python -m benchmarks.serving

# `make serve` under 60 s of mixed traffic, then Redis stops, PostgreSQL restarts and the mail
# server refuses (private PostgreSQL, Redis and SMTP servers on loopback; a few minutes).
# Needs wrk, redis-server and PostgreSQL's server binaries. LOADTEST_ARGS="--duration 20".
loadtest: $(STAMP)
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: $(STAMP)
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=blog.example.com CACHE_URL=redis://127.0.0.1:6379/1 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING --settings=config.settings.production

# The plugins (glossary, related, whitepapers, pagecache) as one wheel in dist/, for other
# Wagtail sites: README, "Use the plugins in your own Wagtail site".
wheel: $(STAMP)
	rm -rf build *.egg-info
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --quiet -w dist .
	rm -rf build *.egg-info
	@ls -l dist/*.whl

clean:
	rm -rf $(VENV) var build dist *.egg-info
