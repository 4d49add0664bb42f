"""The Kubernetes manifests (deploy/k8s/): valid for Kubernetes 1.28 and consistent with docker-compose.yml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from bench.cluster import NGINX_DIR, nginx_binary
from bot.launch import PROJECT_ROOT, free_port

K8S_DIR = PROJECT_ROOT / "deploy" / "k8s"
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
KUBERNETES_VERSION = "1.28.0"
WORKLOADS = ("Deployment", "StatefulSet", "Job")
LONG_RUNNING = ("Deployment", "StatefulSet")
SECRET_VARIABLE = re.compile(r"PASSWORD|TOKEN|SECRET|AES_KEY|APPID")
URL_PASSWORD = re.compile(r"://[^:/@]*:([^@]*)@")
REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (kustomize) not installed")
# the compose service whose environment each Deployment must provide
COMPOSE_SERVICE_OF = {"baishitong-rasa": "rasa-1", "baishitong-actions": "actions"}


def manifest_files() -> list[Path]:
    """Every Kubernetes manifest (kustomization.yaml files are kustomize's, not Kubernetes objects)."""
    return sorted(path for path in K8S_DIR.rglob("*.yaml") if path.name != "kustomization.yaml")


def load(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


DOCUMENTS = [(path, doc) for path in manifest_files() for doc in load(path)]
DOCS = [doc for _path, doc in DOCUMENTS]


def doc_id(item: tuple[Path, dict]) -> str:
    path, doc = item
    return f"{path.relative_to(K8S_DIR)}:{doc['kind']}/{doc['metadata']['name']}"


def find(kind: str, name: str) -> dict:
    found = [doc for doc in DOCS if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name} defined {len(found)} times"
    return found[0]


def pod_specs(kinds: tuple[str, ...] = WORKLOADS) -> list[tuple[str, dict]]:
    return [(doc["metadata"]["name"], doc["spec"]["template"]["spec"]) for doc in DOCS if doc["kind"] in kinds]


def containers(kinds: tuple[str, ...] = WORKLOADS) -> list[tuple[str, dict]]:
    return [(f"{name}/{c['name']}", c) for name, spec in pod_specs(kinds) for c in spec["containers"]]


def named(items: list[tuple[str, dict]]) -> list:
    """pytest parameters with readable ids."""
    return [pytest.param(name, value, id=name) for name, value in items]


def container_of(deployment: str) -> dict:
    [container] = find("Deployment", deployment)["spec"]["template"]["spec"]["containers"]
    return container


def config_map_names(container: dict) -> list[str]:
    """The variables the container takes from ConfigMaps (envFrom): defined before its own env."""
    return [key for source in container.get("envFrom", []) for key in find("ConfigMap", source["configMapRef"]["name"])["data"]]


def defined_names(container: dict) -> list[str]:
    return config_map_names(container) + [var["name"] for var in container.get("env", [])]


def secret_sourced(container: dict) -> set[str]:
    return {var["name"] for var in container.get("env", []) if "secretKeyRef" in var.get("valueFrom", {})}


def kustomize(directory: Path) -> list[dict]:
    result = subprocess.run(["kubectl", "kustomize", str(directory)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


# --------------------------------------------------------------------------- valid Kubernetes


@pytest.mark.parametrize("item", DOCUMENTS, ids=doc_id)
def test_manifest_is_valid_for_kubernetes_1_28(item):
    _path, doc = item
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomizations_and_files_agree():
    listed = set()
    for kustomization in K8S_DIR.rglob("kustomization.yaml"):
        spec = yaml.safe_load(kustomization.read_text())
        for entry in spec.get("resources", []) + spec.get("components", []):
            target = (kustomization.parent / entry).resolve()
            assert target.is_file() or (target / "kustomization.yaml").is_file(), f"{kustomization}: {entry}"
            listed.add(target)
    unlisted = {path.resolve() for path in manifest_files()} - listed
    assert unlisted == {(K8S_DIR / "secrets.example.yaml").resolve()}  # the Secret is applied by hand


@needs_kubectl
@pytest.mark.parametrize("overlay", [".", "stores"])
def test_kustomize_builds_valid_manifests(overlay):
    for doc in kustomize(K8S_DIR / overlay):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        assert doc["kind"] == "Namespace" or doc["metadata"]["namespace"] == "baishitong"


@needs_kubectl
def test_shared_runtime_component_puts_the_rasa_runtime_on_the_claim(tmp_path):
    relative = Path(os.path.relpath(K8S_DIR, tmp_path))
    overlay = {"resources": [str(relative / "stores")], "components": [str(relative / "shared-runtime")]}
    (tmp_path / "kustomization.yaml").write_text(yaml.safe_dump(overlay))
    [rasa] = [doc for doc in kustomize(tmp_path) if doc["metadata"]["name"] == "baishitong-rasa"
              and doc["kind"] == "Deployment"]
    [runtime] = [v for v in rasa["spec"]["template"]["spec"]["volumes"] if v["name"] == "runtime"]
    assert runtime == {"name": "runtime", "persistentVolumeClaim": {"claimName": "baishitong-runtime"}}


# --------------------------------------------------------------------------- containers


@pytest.mark.parametrize(("name", "container"), named(containers(LONG_RUNNING)))
def test_long_running_container_has_readiness_and_liveness_probes(name, container):
    assert container.get("readinessProbe") and container.get("livenessProbe"), name


@pytest.mark.parametrize(("name", "container"), named(containers()))
def test_container_has_resource_requests_and_limits(name, container):
    resources = container.get("resources", {})
    for bound in ("requests", "limits"):
        assert set(resources.get(bound, {})) >= {"cpu", "memory"}, f"{name}: {bound}"


def test_rasa_is_sized_for_one_core_and_its_peak_memory():
    resources = container_of("baishitong-rasa")["resources"]
    assert resources["requests"]["cpu"] == "1"
    assert resources["requests"]["memory"] == resources["limits"]["memory"] == "1536Mi"  # peak RSS ≈ 1.3 GiB


def test_rasa_startup_probe_waits_for_the_model():
    rasa = container_of("baishitong-rasa")
    probe = rasa["startupProbe"]
    assert probe["httpGet"]["path"] == "/" == rasa["readinessProbe"]["httpGet"]["path"]  # "Hello from Rasa"
    assert probe["periodSeconds"] * probe["failureThreshold"] >= 120  # the model loads in ~30 s


def test_action_server_probes_its_health_endpoint():
    actions = container_of("baishitong-actions")
    for probe in ("readinessProbe", "livenessProbe"):
        assert actions[probe]["httpGet"] == {"path": "/health", "port": "http"}


@pytest.mark.parametrize(("name", "spec"), named(pod_specs()))
def test_pod_meets_the_restricted_pod_security_standard(name, spec):
    pod = spec["securityContext"]
    assert pod["runAsNonRoot"] and pod["runAsUser"] > 0 and pod["seccompProfile"]["type"] == "RuntimeDefault", name
    for container in spec["containers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False and context["capabilities"]["drop"] == ["ALL"], name


# --------------------------------------------------------------------------- environment and secrets


@pytest.mark.parametrize(("deployment", "service"), COMPOSE_SERVICE_OF.items())
def test_deployment_sets_every_variable_compose_sets(deployment, service):
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    wanted = set(compose["services"][service]["environment"])
    missing = wanted - set(defined_names(container_of(deployment)))
    assert not missing, f"{deployment} lacks {sorted(missing)}"


@pytest.mark.parametrize(("name", "container"), named(containers()))
def test_secrets_come_from_secret_key_refs(name, container):
    secret_keys = set(find("Secret", "baishitong-secrets")["stringData"])
    for var in container.get("env", []):
        if SECRET_VARIABLE.search(var["name"]):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            assert ref, f"{name}: {var['name']} is not read from a Secret"
            assert ref["name"] == "baishitong-secrets" and ref["key"] in secret_keys, (name, ref)


@pytest.mark.parametrize(("name", "container"), named(containers()))
def test_urls_take_their_passwords_from_secrets(name, container):
    for var in container.get("env", []):
        for password in URL_PASSWORD.findall(var.get("value", "")):
            [reference] = REFERENCE.findall(password)
            assert password == f"$({reference})" and reference in secret_sourced(container), (name, var["name"])


@pytest.mark.parametrize(("name", "container"), named(containers()))
def test_variable_references_are_defined_before_use(name, container):
    defined = set(config_map_names(container))
    for var in container.get("env", []):
        for reference in REFERENCE.findall(var.get("value", "")):
            assert reference in defined, f"{name}: {var['name']} uses $({reference}) before it is defined"
        defined.add(var["name"])
    for arg in container.get("command", []) + container.get("args", []):
        assert set(REFERENCE.findall(arg)) <= defined, (name, arg)


def test_config_map_and_secret_example_hold_no_real_secrets():
    config = find("ConfigMap", "baishitong-config")["data"]
    assert not [key for key in config if SECRET_VARIABLE.search(key)]
    for key, value in find("Secret", "baishitong-secrets")["stringData"].items():
        assert value == "" or value.startswith("change-me"), f"{key} in secrets.example.yaml must be a placeholder"


# --------------------------------------------------------------------------- scaling and rollout


def test_hpa_targets_the_rasa_deployment_on_cpu():
    hpa = find("HorizontalPodAutoscaler", "baishitong-rasa")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "baishitong-rasa"}
    assert hpa["spec"]["minReplicas"] == 2 < hpa["spec"]["maxReplicas"]
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]


def test_every_hpa_targets_an_existing_deployment():
    for hpa in (doc for doc in DOCS if doc["kind"] == "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        find(target["kind"], target["name"])


def test_rasa_rolls_out_without_downtime():
    rasa = find("Deployment", "baishitong-rasa")["spec"]
    assert rasa["replicas"] == 2
    assert rasa["strategy"]["rollingUpdate"] == {"maxUnavailable": 0, "maxSurge": 1}
    budget = find("PodDisruptionBudget", "baishitong-rasa")["spec"]
    assert budget["minAvailable"] == 1 and budget["selector"]["matchLabels"] == rasa["selector"]["matchLabels"]


def test_services_select_pods_and_their_ports():
    workloads = {doc["metadata"]["name"]: doc for doc in DOCS if doc["kind"] in LONG_RUNNING}
    for service in (doc for doc in DOCS if doc["kind"] == "Service"):
        workload = workloads[service["metadata"]["name"]]["spec"]["template"]  # named after its workload
        assert service["spec"]["selector"].items() <= workload["metadata"]["labels"].items()
        ports = {port["name"] for c in workload["spec"]["containers"] for port in c["ports"]}
        assert {port["targetPort"] for port in service["spec"]["ports"]} <= ports


# --------------------------------------------------------------------------- exposure


def test_only_the_web_front_is_exposed():
    ingress = find("Ingress", "baishitong")
    paths = [path for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert {path["backend"]["service"]["name"] for path in paths} == {"baishitong-web"}
    assert {path["path"] for path in paths} <= {"/", "/webhooks/", "/socket.io/", "/healthz"}
    assert all(doc["spec"].get("type", "ClusterIP") == "ClusterIP" for doc in DOCS if doc["kind"] == "Service")


def test_rasa_http_api_stays_closed():
    rasa = container_of("baishitong-rasa")
    arguments = rasa["command"] + rasa["args"]
    assert "--enable-api" not in arguments
    assert arguments[arguments.index("--auth-token") + 1] == "$(RASA_AUTH_TOKEN)"
    assert "deploy/endpoints.prod.yml" in arguments


def test_nginx_config_is_the_repository_one_with_the_rasa_service_upstream():
    files = find("ConfigMap", "baishitong-nginx")["data"]
    for name in ("baishitong-http.conf", "baishitong-locations.conf"):
        assert files[name] == (NGINX_DIR / name).read_text(), f"{name} differs from deploy/nginx/{name}"
    service = find("Service", "baishitong-rasa")["spec"]["ports"][0]["port"]
    assert re.findall(r"^\s*server\s+(\S+);", files["default.conf"], re.M) == [f"baishitong-rasa:{service}"]


def test_nginx_config_is_valid(tmp_path):
    """The ConfigMap's files with container paths and the Service name mapped to this machine."""
    for name, text in find("ConfigMap", "baishitong-nginx")["data"].items():
        text = text.replace("/etc/nginx/baishitong/", f"{tmp_path}/").replace("/var/log/nginx/", f"{tmp_path}/")
        text = text.replace("baishitong-rasa:5005", "127.0.0.1:5005")
        (tmp_path / name).write_text(text.replace("listen 8080", f"listen 127.0.0.1:{free_port()}"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n"
        + "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"    include {tmp_path}/default.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
