# The Valvid app (Reflex UI + HTTP API) for aws mode on ECS Fargate: one port, 3000.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 VALVID_MODE=aws
COPY pyproject.toml README.md rxconfig.py ./
COPY backend backend
COPY valvid_ui valvid_ui
COPY infra infra
COPY assets assets
RUN pip install --no-cache-dir .
EXPOSE 3000
CMD ["valvid", "run", "--no-worker"]
