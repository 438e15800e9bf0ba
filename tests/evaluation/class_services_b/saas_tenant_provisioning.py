"""Provision infrastructure for a new SaaS tenant."""
from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.execution import durable_execution

from tessera.platform.transport import HttpTransport

logger = logging.getLogger("provisioning")
CONTROL_PLANE = HttpTransport("https://control.saas.example")


class TenantSpec:
    __slots__ = ("tenant_id", "plan", "region")

    def __init__(self, tenant_id: str, plan: str, region: str) -> None:
        self.tenant_id = tenant_id
        self.plan = plan
        self.region = region

    @classmethod
    def from_event(cls, event: dict) -> "TenantSpec":
        return cls(event["tenant_id"].lower(), event.get("plan", "team"), event.get("region", "eu-west-1"))

    def config(self) -> dict:
        return {"tenant": self.tenant_id, "plan": self.plan, "region": self.region,
                "replicas": 3 if self.plan == "enterprise" else 1}


class ConfigWriter:
    def __init__(self, root: str) -> None:
        self.root = root

    def write(self, tenant_id: str, config: dict) -> str:
        path = Path(self.root, f"{tenant_id}.json")
        path.write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
        return str(path)


class TerraformRunner:
    def __init__(self, workdir: str) -> None:
        self.workdir = workdir

    def args(self, tenant: TenantSpec, action: str) -> list[str]:
        return ["terraform", action, "-auto-approve", f"-var=tenant={tenant.tenant_id}",
                f"-var=region={tenant.region}"]

    def apply(self, tenant: TenantSpec) -> int:
        return subprocess.run(self.args(tenant, "apply"), cwd=self.workdir, check=False).returncode

    def destroy(self, tenant: TenantSpec) -> int:
        return subprocess.run(self.args(tenant, "destroy"), cwd=self.workdir, check=False).returncode


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    tenant = TenantSpec.from_event(event)
    logger.info("provisioning tenant %s", tenant.tenant_id)  # error: DUR404
    config_path = ConfigWriter("/tmp/tenants").write(tenant.tenant_id, tenant.config())  # error: DUR402

    runner = TerraformRunner("/opt/infra/tenant")
    code = context.step(lambda _: runner.apply(tenant), name="terraform-apply")
    if code != 0:
        runner.destroy(tenant)  # error: DUR402
        return {"tenant_id": tenant.tenant_id, "status": "failed", "exit_code": code}

    context.step(lambda _: CONTROL_PLANE.send("/tenants", tenant.config()), name="register-tenant")
    return {"tenant_id": tenant.tenant_id, "status": "ready", "config": config_path}
