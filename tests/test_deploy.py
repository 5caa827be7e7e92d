"""Production packaging: docker-compose.yml parses, .env.example is complete, check --deploy is clean.

No container engine runs on these machines: Debian's docker-compose (1.29) only parses the file.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pdp_portal.uploads import MAX_FILES

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKER_COMPOSE = shutil.which("docker-compose") or "/usr/bin/docker-compose"


def env_example() -> dict[str, str]:
    """Return the variables set in .env.example (commented-out ones excluded)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def production_env(**overrides) -> dict[str, str]:
    """A clean environment as docker-compose.yml gives the web container."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        **env_example(),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://pdp:password@db.invalid:5432/pdp_portal",
        "REDIS_URL": "redis://redis.invalid:6379/0",
    }
    env.update(overrides)
    return env


def compose(tmp_path, *args) -> subprocess.CompletedProcess:
    # env_file: .env must exist next to the project: use .env.example's values.
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    return subprocess.run(
        [DOCKER_COMPOSE, "-f", str(COMPOSE), "--project-directory", str(tmp_path), *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)},
        timeout=60,
    )


def test_docker_compose_config_accepts_the_file(tmp_path):
    assert os.path.exists(DOCKER_COMPOSE), "apt-get install docker-compose (make install-test)"
    result = compose(tmp_path, "config", "-q")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> dict:
    result = compose(tmp_path_factory.mktemp("compose"), "config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_it_runs_every_process_of_the_design(services):
    assert set(services) == {
        "db",
        "redis",
        "migrate",
        "web",
        "balancer",
        "worker",
        "pdf-worker",
        "beat",
    }
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn pdp_portal.wsgi" in " ".join(services["web"]["command"])


def test_migrations_run_once_before_the_app_starts(services):
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "pdf-worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_two_web_and_two_worker_replicas_share_one_database_and_one_redis(services):
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
    command = services["worker"]["command"]
    # The node name carries the container's host name: two replicas never share one.
    assert command[command.index("-n") + 1].endswith("@%h")


def test_only_the_balancer_is_published_and_it_reaches_every_web_replica(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"balancer"}
    assert services["balancer"]["ports"][0]["target"] == 8080
    assert services["balancer"]["depends_on"]["web"]["condition"] == "service_healthy"
    # docker-compose 1.29 prints each bind mount as "SOURCE:TARGET:ro".
    mounts = {
        target: Path(source)
        for source, target, _mode in (v.split(":") for v in services["balancer"]["volumes"])
    }
    site = mounts["/etc/nginx/conf.d/default.conf"]
    assert (site.parent.name, site.name) == ("nginx", "balancer.conf")
    config = (ROOT / "deploy" / "nginx" / "balancer.conf").read_text()
    # Every replica: the service name, resolved again as replicas come and go.
    assert re.search(r"^\s*server web:8000 resolve;", config, re.M)
    assert "listen 8080;" in config
    assert re.search(r"include /etc/nginx/pdp-proxy.conf;\s*proxy_pass http://web;", config)
    assert mounts["/etc/nginx/pdp-proxy.conf"].name == "proxy.conf"


def test_the_balancer_never_sends_a_post_twice_and_outlasts_gunicorn(services):
    proxy = (ROOT / "deploy" / "nginx" / "proxy.conf").read_text()
    directives = dict(
        line.strip().rstrip(";").split(None, 1)
        for line in proxy.splitlines()
        if line.strip()
        and not line.lstrip().startswith("#")
        and not line.lstrip().startswith("proxy_set_header")
    )
    assert "non_idempotent" not in directives["proxy_next_upstream"]
    web = " ".join(services["web"]["command"])
    gunicorn_timeout = int(re.search(r"--timeout (\d+)", web).group(1))
    assert int(directives["proxy_read_timeout"].rstrip("s")) > gunicorn_timeout
    # The form's enclosures fit: the most files it takes, each of UPLOAD_MAX_BYTES.
    limit = int(env_example()["UPLOAD_MAX_BYTES"])
    assert int(directives["client_max_body_size"].rstrip("m")) * 1024 * 1024 >= MAX_FILES * limit
    assert "X-Forwarded-Proto $http_x_forwarded_proto" in proxy


def test_there_is_exactly_one_beat(services):
    beats = [name for name, s in services.items() if "beat" in s.get("command", [])]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1


def test_the_pdf_worker_has_memory_and_time_limits(services):
    pdf = services["pdf-worker"]
    command = pdf["command"]
    assert command[command.index("-Q") + 1] == "pdf"
    for option in ("--max-memory-per-child", "--soft-time-limit", "--time-limit"):
        assert int(command[command.index(option) + 1]) > 0
    assert int(command[command.index("--soft-time-limit") + 1]) < int(
        command[command.index("--time-limit") + 1]
    )
    assert pdf["mem_limit"]
    worker = services["worker"]["command"]
    assert worker[worker.index("-Q") + 1] == "celery"


def test_every_long_running_service_has_a_healthcheck(services):
    for name in ("db", "redis", "web", "balancer", "worker", "pdf-worker", "beat"):
        assert services[name]["healthcheck"]["test"], name


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "pdp_portal" / "settings.py").read_text()
    read = set(re.findall(r'(?:getenv|envbool|envint|envlist)\(\s*"([A-Z0-9_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    assert read, "no variables found in settings.py"
    # Set by pytest-xdist in each test process, never by an operator.
    by_the_test_runner = {"PYTEST_XDIST_WORKER"}
    assert read - listed - by_the_test_runner == set()


def test_the_dockerfile_builds_a_non_root_gunicorn_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    assert "-r /tmp/requirements.lock" in dockerfile
    for needed in ("fonts-noto-core", "gettext", "libpq", "libpango-1.0-0"):
        assert needed in dockerfile
    assert "compilemessages" in dockerfile and "collectstatic" in dockerfile
    assert "\nUSER pdp\n" in dockerfile
    assert "gunicorn pdp_portal.wsgi" in dockerfile


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_reports_no_issues_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_security_checks_pass_with_production_variables():
    # The deployment checks proper (HTTPS, cookies, HSTS, SECRET_KEY, DEBUG), apart from the
    # other apps' checks that --deploy also runs (e.g. the OpenAPI schema's warnings).
    result = run_manage(
        "check", "--deploy", "--tag", "security", "--fail-level", "WARNING", env=production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_is_clean_without_debug_set_at_all():
    env = production_env()
    del env["DEBUG"]
    result = run_manage(
        "check", "--deploy", "--tag", "security", "--fail-level", "WARNING", env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_behind_a_transaction_pooler_the_settings_turn_session_state_off():
    script = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    for value, expected in (("1", "True"), (None, "False")):
        env = production_env()
        if value is not None:
            env["DB_TRANSACTION_POOLING"] = value
        result = run_manage("shell", "-c", script, env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == expected


def test_it_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_local_checkout_runs_manage_py_with_no_variables(tmp_path):
    # No SECRET_KEY and no DATABASE_URL: the embedded default, as `make run` uses it.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAR_DIR": str(tmp_path)}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_collectstatic_as_in_the_image(tmp_path):
    # As the Dockerfile runs it: DEBUG off, so the hashed, compressed files whitenoise serves.
    env = production_env(VAR_DIR=str(tmp_path), SECRET_KEY="build-only-not-a-secret")
    del env["DATABASE_URL"], env["REDIS_URL"]
    # The project's own files only: compressing the admin's and Swagger UI's large bundles takes
    # most of a minute and tests nothing of ours.
    ignore = ["-i", "drf_spectacular_sidecar", "-i", "admin", "-i", "rest_framework"]
    result = run_manage("collectstatic", "--noinput", "-v0", *ignore, env=env)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "css/portal.css" in manifest
    assert "fonts/noto-sans-vietnamese-400-normal.woff2" in manifest
