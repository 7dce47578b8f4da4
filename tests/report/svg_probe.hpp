#pragma once
// Parses SVG documents with python3's xml.etree (an independent XML parser) and returns what
// the report tests look at: circles per series, interval lines, tick positions with their label
// values, texts, polylines, bars and the plot area.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "report/python_probe.hpp"

namespace condnet::test {

inline constexpr const char* kSvgProbeScript = R"(
import json, sys, xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == NS + 'svg', root.tag
out = {'circles': [], 'intervals': [], 'ticks_x': [], 'ticks_y': [], 'polylines': 0, 'bars': [],
       'texts': [''.join(t.itertext()) for t in root.iter(NS + 'text')],
       'series': [], 'plot': None}
for g in root.iter(NS + 'g'):
    cls = g.get('class')
    if cls == 'series':
        out['series'].append(g.get('data-name'))
        for c in g.iter(NS + 'circle'):
            out['circles'].append({'series': g.get('data-name'),
                                   'cx': float(c.get('cx')), 'cy': float(c.get('cy'))})
        out['polylines'] += len(list(g.iter(NS + 'polyline')))
        for l in g.iter(NS + 'line'):
            if l.get('class') == 'interval':
                out['intervals'].append({'series': g.get('data-name'), 'x': float(l.get('x1')),
                                         'x2': float(l.get('x2')), 'y1': float(l.get('y1')),
                                         'y2': float(l.get('y2'))})
    elif cls in ('tick-x', 'tick-y'):
        line = g.find(NS + 'line')
        pos = float(line.get('x1' if cls == 'tick-x' else 'y1'))
        value = float(g.find(NS + 'text').text)
        out['ticks_x' if cls == 'tick-x' else 'ticks_y'].append([value, pos])
    elif cls == 'bar':
        rect = g.find(NS + 'rect')
        out['bars'].append({'label': g.get('data-label'),
                            'width': None if rect is None else float(rect.get('width'))})
for r in root.iter(NS + 'rect'):
    if r.get('class') == 'plot-area':
        out['plot'] = [float(r.get(k)) for k in ('x', 'y', 'width', 'height')]
print(json.dumps(out))
)";

// Writes `svg` to DIR/NAME.svg and returns the probe's findings; fails the test when python3
// cannot parse it as XML.
inline nlohmann::json probe_svg(const std::string& svg, const std::filesystem::path& dir,
                                const std::string& name) {
  return run_python_probe(kSvgProbeScript, "svg_probe.py", svg, dir, name + ".svg",
                          name + ": not well-formed SVG");
}

}  // namespace condnet::test
