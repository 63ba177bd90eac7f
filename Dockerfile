# The Valvid app (Reflex UI + HTTP API) for aws mode on ECS Fargate: one port, 3000.
# The build (scripts/image-app.sh, also run by the tests) installs Valvid and builds the frontend,
# so a task only serves. x86_64 whatever machine builds it: Fargate runs it as x86_64 (infra/).
FROM --platform=linux/amd64 python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1
COPY pyproject.toml README.md rxconfig.py ./
COPY reflex.lock reflex.lock
COPY backend backend
COPY valvid_ui valvid_ui
COPY infra infra
COPY assets assets
COPY scripts/image-app.sh scripts/
RUN bash scripts/image-app.sh
ENV VALVID_MODE=aws
EXPOSE 3000
CMD ["valvid", "serve"]
