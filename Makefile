# Valvid: `make run` starts the local platform on http://localhost:3000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-aws-local test setup system lint bench synth check-deploy deploy clean

run: setup
	$(BIN)/valvid run

# aws mode against an emulated AWS on this machine (moto, the CDK app's resources, ffmpeg
# standing in for MediaConvert); sign-up codes: .venv/bin/valvid aws-local mail
run-aws-local: setup
	$(BIN)/valvid aws-local run

test: setup system
	bash scripts/test.sh

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/setup-python.sh $(PYTHON) $(VENV)
	touch $(STAMP)

# Debian packages the tests need (browser, media tools); installs only what is missing.
system:
	bash scripts/setup-system.sh

lint: setup
	$(BIN)/ruff check backend valvid_ui infra tests bench
	$(BIN)/ruff format --check backend valvid_ui infra tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

# The AWS CDK app, synthesized offline with cdk-nag (see README "Deploying to AWS")
synth: setup
	bash scripts/synth.sh

# Every offline check of the AWS deployment (templates, IAM coverage, images, first deploy)
check-deploy: setup
	bash scripts/check-deploy.sh

# Deploys to your AWS account (after `cdk bootstrap`): make deploy ADMIN_EMAIL=you@example.com
deploy: setup
	bash scripts/deploy.sh $(ARGS)

bench: setup
	$(BIN)/python bench/upload_ingest.py

clean:
	rm -rf $(VENV) .web .states
