# Mirrors README's set-up: install into a virtual environment, serve on port 8000.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends make fonts-wqy-zenhei libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN make install
EXPOSE 8000
CMD [".venv/bin/nianbao", "serve", "--host", "0.0.0.0", "--port", "8000"]
