"""Identity-verification and sanctions-screening providers."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass

import requests


class KycProvider:
    endpoint = ""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key

    def _submit(self, path: str, body: dict) -> dict:
        resp = requests.post(
            f"{self.endpoint}{path}", json=body, headers={"X-Api-Key": self.api_key}, timeout=15
        )
        resp.raise_for_status()
        return resp.json()

    @staticmethod
    def normalise_name(name: str) -> str:
        return " ".join(name.strip().upper().split())


class VerifyHubProvider(KycProvider):
    endpoint = "https://api.verifyhub.example.com"

    def verify_document(self, applicant_id: str, document: dict) -> dict:
        return self._submit("/v1/documents", {"applicant": applicant_id, **document})

    def liveness(self, applicant_id: str, selfie_url: str) -> dict:
        return self._submit("/v1/liveness", {"applicant": applicant_id, "selfie": selfie_url})


class SanctionsScreening:
    def __init__(self, url: str) -> None:
        self.url = url

    def screen(self, full_name: str, country: str) -> dict:
        body = json.dumps({"name": full_name, "country": country}).encode()
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())


@dataclass(frozen=True)
class KycDecision:
    approved: bool
    reason: str

    @classmethod
    def from_scores(cls, document_score: float, liveness_score: float, sanctions_hits: int) -> "KycDecision":
        if sanctions_hits:
            return cls(False, "sanctions-hit")
        if min(document_score, liveness_score) < 0.8:
            return cls(False, "low-confidence")
        return cls(True, "ok")
