"""Lab portal integration."""
from __future__ import annotations

import requests


class LabPortal:
    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url
        self.api_key = api_key

    def check_status(self, state: dict, _check_context: object) -> dict:
        response = requests.get(
            f"{self.base_url}/orders/{state['order_id']}",
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=5,
        )
        response.raise_for_status()
        body = response.json()
        return {**state, "status": body["status"], "polls": state["polls"] + 1,
                "result_url": body.get("result_url")}
