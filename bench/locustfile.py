"""Locust users for bench/load.py. Browser is the mixed journey (50 of them, with think time); the other two
hammer one URL without pause, to measure what one app server can give a page and a bare Django view."""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, constant, task

DOCUMENTS = [int(x) for x in os.environ.get("LOAD_DOCUMENTS", "1").split(",")]
MEASURES = [int(x) for x in os.environ.get("LOAD_MEASURES", "1").split(",")]
QUERIES = ["外资", "数据出境", "总部", "研发中心", "签证", "增值电信", "服务业", "市商务局", "知识产权", "人才"]


class Browser(HttpUser):
    """A visitor reading policies: the home page, documents with their measures, measures, units, search."""

    wait_time = between(0.5, 2.0)

    @task(2)
    def home(self):
        self.client.get("/", name="/ (documents)")

    @task(3)
    def document(self):
        self.client.get(f"/documents/{random.choice(DOCUMENTS)}/", name="/documents/[id]/ (measure list)")

    @task(3)
    def measure(self):
        self.client.get(f"/measures/{random.choice(MEASURES)}/", name="/measures/[id]/")

    @task(1)
    def units(self):
        self.client.get("/units/", name="/units/")

    @task(2)
    def search(self):
        self.client.get(f"/search/?q={random.choice(QUERIES)}", name="/search/?q=[term]")


class MeasureListOnly(HttpUser):
    wait_time = constant(0)

    @task
    def document(self):
        self.client.get(f"/documents/{random.choice(DOCUMENTS)}/", name="/documents/[id]/ (measure list)")


class BareViewOnly(HttpUser):
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
