"""Invoice rendering and numbering."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

from .base import BaseService


class InvoiceRenderer(BaseService):
    def render_html(self, invoice: dict) -> str:
        rows = "".join(
            f"<tr><td>{line['description']}</td><td>{line['amount']}</td></tr>"
            for line in invoice["lines"]
        )
        return f"<h1>Invoice {invoice['number']}</h1><table>{rows}</table>"

    def render_pdf(self, invoice: dict, out_dir: str = "/tmp") -> str:
        html_path = Path(out_dir) / f"{invoice['number']}.html"
        html_path.write_text(self.render_html(invoice), encoding="utf-8")
        pdf_path = html_path.with_suffix(".pdf")
        subprocess.run(["wkhtmltopdf", str(html_path), str(pdf_path)], check=True)
        return str(pdf_path)


class InvoiceNumberer:
    def __init__(self, prefix: str = "INV") -> None:
        self.prefix = prefix

    def next_number(self) -> str:
        return f"{self.prefix}-{secrets.token_hex(4).upper()}"

    def number_for(self, order_id: str, year: int) -> str:
        return f"{self.prefix}-{year}-{order_id[-8:].upper()}"
