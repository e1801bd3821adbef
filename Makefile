# One command sets up and runs the main job (`make demo`); one passes the tests (`make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KG := $(BIN)/kg
STAMP := $(VENV)/.installed

.PHONY: help install demo test test-slow test-all test-fast bench eval lint clean system-deps readme

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q -j 0 kg > /dev/null  # PYTHONDONTWRITEBYTECODE: compile once, not at every command
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install kg with its test tools

demo: $(STAMP)  ## Build, validate and query the seed meeting; write the view and the briefs
	$(KG) build -f trig -f turtle
	$(KG) validate
	$(KG) query positions_on_issue -p issue=tor-subsidiary-bodies
	$(KG) query holder_stance_on_issue -p holder=RU -p issue=aider-measurable-indicators
	$(KG) view --view issues -o build/meeting.html
	@for f in md html docx json; do $(KG) -q brief issue tor-subsidiary-bodies -f $$f -o build/briefs/issue-tor-subsidiary-bodies.$$f; done
	$(KG) -q brief issue tor-subsidiary-bodies --lang en -o build/briefs/issue-tor-subsidiary-bodies.en.md
	$(KG) -q brief economy RU -o build/briefs/economy-RU.md
	$(KG) -q brief meeting desg-2021-08 -f html -o build/briefs/meeting-desg-2021-08.html
	$(KG) -q brief meeting desg-2021-08 -f docx -o build/briefs/meeting-desg-2021-08.docx
	$(KG) -q brief prep --forum DESG --since 2021 -o build/briefs/prep.md
	$(KG) -q brief prep --as TW --next "DESG 2022-1" --date 2022-02 -o build/briefs/prep-TW.md
	@ls -1 build/briefs/*

system-deps:  ## Debian packages the browser and Word tests need (Chromium, CJK fonts, LibreOffice)
	./scripts/system-deps.sh

test: $(STAMP) system-deps lint  ## Lint (ruff, format, mypy), then every test but the slow ones, on 2 workers (installs what it needs)
	$(BIN)/python -m pytest -q -n 2 -m "not slow"

test-slow: $(STAMP) system-deps  ## The slow tests: rdflib parity on the heaviest queries, real UN sessions, kill -9 runs (CI runs them too)
	$(BIN)/python -m pytest -q -m slow

test-all: test test-slow  ## Everything CI runs

test-fast: $(STAMP)  ## Tests without browser, LibreOffice or server
	$(BIN)/python -m pytest -q -m "not browser and not office and not server"

eval: $(STAMP)  ## Score `kg ingest` on the seed (against its curated record) and on the development set
	@mkdir -p build/eval
	$(KG) -q ingest data/sources/000_c517f4e9d3fbb5d0.txt --meeting desg-2021-08 -o build/eval/desg-2021-08.yaml
	$(KG) -q --only build/eval/desg-2021-08.yaml validate
	$(KG) -q ingest --evaluate data/meetings/desg-2021-08.yaml build/eval/desg-2021-08.yaml
	$(BIN)/python -m kg.ingest.devset data/devset data

bench: $(STAMP)  ## Timings on the seed, UNGA sessions 60-74 and all sessions, on each store, and kg ingest per report (build/bench.json)
	$(BIN)/python -m benchmarks.run

lint: $(STAMP)  ## ruff check, format check and mypy
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/ruff format --check kg tests scripts benchmarks
	$(BIN)/mypy kg

clean:  ## Remove generated files
	rm -rf build

readme: $(STAMP)  ## Regenerate the README's tour, query catalogue and help from the real commands
	$(BIN)/cog -r -I scripts README.md
