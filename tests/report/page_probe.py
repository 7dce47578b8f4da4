"""Reads an HTML page of `condnet report` (the file as written, or the DOM a browser dumped) with
Python's own HTML parser and prints what the report tests compare against the JSON:

  {"tables": [{"class": "key", "rows": [{"header": false, "cells": ["Model", "base"]}, ...]}],
   "charts": [{"title": "Loss per epoch",
               "series": [{"name": "train loss", "circles": 3, "polylines": 1, "intervals": 0}],
               "bars": [{"label": "evaluate", "rects": 1}]}]}

Usage: python3 page_probe.py PAGE.html
"""
import json
import sys
from html.parser import HTMLParser


class PageProbe(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.charts = [], []
        self.cell = None  # the text of the table cell being read
        self.groups = None  # inside an <svg>: the classes of its open <g> elements
        self.in_chart_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"class": attrs.get("class", ""), "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append({"header": True, "cells": []})
        elif tag in ("th", "td") and self.tables:
            row = self.tables[-1]["rows"][-1]
            row["header"] = row["header"] and tag == "th"
            self.cell = []
        elif tag == "svg":
            self.charts.append({"title": "", "series": [], "bars": []})
            self.groups = []
        elif tag == "title" and self.in_svg():
            self.in_chart_title = True
        elif tag == "g" and self.in_svg():
            cls = attrs.get("class", "")
            self.groups.append(cls)
            if cls == "series":
                self.charts[-1]["series"].append(
                    {"name": attrs.get("data-name"), "circles": 0, "polylines": 0,
                     "intervals": 0})
            elif cls == "bar":
                self.charts[-1]["bars"].append({"label": attrs.get("data-label"), "rects": 0})
        elif tag in ("circle", "polyline") and self.in_svg() and self.groups[-1:] == ["series"]:
            self.charts[-1]["series"][-1][tag + "s"] += 1
        elif (tag == "line" and attrs.get("class") == "interval" and self.in_svg()
              and self.groups[-1:] == ["series"]):
            self.charts[-1]["series"][-1]["intervals"] += 1
        elif tag == "rect" and self.in_svg() and self.groups[-1:] == ["bar"]:
            self.charts[-1]["bars"][-1]["rects"] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1]["rows"][-1]["cells"].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "title":
            self.in_chart_title = False
        elif tag == "g" and self.groups:
            self.groups.pop()
        elif tag == "svg":
            self.groups = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.in_chart_title:
            self.charts[-1]["title"] += data

    def in_svg(self):
        return self.groups is not None


probe = PageProbe()
with open(sys.argv[1], encoding="utf-8") as page:
    probe.feed(page.read())
probe.close()
print(json.dumps({"tables": probe.tables, "charts": probe.charts}))
