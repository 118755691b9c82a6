// The network map, drawn with cytoscape.js (served by Tessere from node_modules). Loaded with
// defer, no inline script or style (CSP): the page gives the JSON's address in data-graph-url;
// cytoscape's own styles are set here. The summary and the tables beside the map carry the
// same information for keyboards and screen readers.
(function () {
  "use strict";
  // Keep in step with networks/map.css (.net-colour-N) and presenters.PALETTE_SIZE.
  var PALETTE = [
    "#0066cc", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
    "#7a3e9d", "#8c564b", "#17becf", "#b8860b", "#2f4b7c", "#9e9e9e"
  ];
  // Above this many organisations the force-directed layout is too slow for a browser:
  // organisations are placed in rings by degree instead.
  var LARGE = 1500;
  var current = null;
  var names = { kinds: {}, sources: {} };

  function lang() {
    return document.documentElement.lang || "it";
  }

  function number(value, digits) {
    return Number(value || 0).toLocaleString(lang(), { maximumFractionDigits: digits });
  }

  function panel() {
    return document.getElementById("network-node-panel");
  }

  function field(name) {
    var box = panel();
    return box ? box.querySelector('[data-node="' + name + '"]') : null;
  }

  function hide(cy) {
    var box = panel();
    if (box) box.hidden = true;
    cy.elements().removeClass("faded");
  }

  function show(cy, node) {
    var box = panel();
    if (!box) return;
    var data = node.data();
    var link = field("link");
    link.textContent = data.label;
    link.setAttribute("href", data.url);
    var details = [data.kind, data.province].concat(data.projects || []).filter(Boolean);
    field("details").textContent = details.join(" · ");
    field("degree").textContent = number(data.degree, 0);
    field("betweenness").textContent = number(data.betweenness, 3);
    var list = field("ties");
    list.textContent = "";
    var strength = list.getAttribute("data-strength");
    var items = node.connectedEdges().map(function (edge) {
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      return { other: other, edge: edge };
    });
    items.sort(function (a, b) {
      return a.other.data("label").localeCompare(b.other.data("label"), lang());
    });
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.textContent = item.other.data("label");
      a.setAttribute("href", item.other.data("url"));
      li.appendChild(a);
      var edge = item.edge.data();
      var kinds = (edge.kinds || []).map(function (kind) { return names.kinds[kind] || kind; });
      li.appendChild(document.createTextNode(
        " · " + kinds.join(", ") + " (" + strength + " " + edge.strength + ")"
      ));
      (edge.notes || []).forEach(function (note) {
        var p = document.createElement("p");
        p.className = "mb-1 text-secondary";
        p.textContent = note;
        li.appendChild(p);
      });
      list.appendChild(li);
    });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.textContent = list.getAttribute("data-empty");
      list.appendChild(empty);
    }
    cy.elements().addClass("faded");
    node.closedNeighborhood().removeClass("faded");
    box.hidden = false;
  }

  function draw(container, graph) {
    // cytoscape draws in a box of its own, without an id: it writes a style attribute on its
    // container, and htmx, when it swaps the results, copies the attributes of the elements
    // with an id onto their new copies (setAttribute("style"), refused by the CSP).
    container.textContent = "";
    var canvas = document.createElement("div");
    canvas.className = "network-map-canvas";
    container.appendChild(canvas);
    names = graph.labels || names;
    var measure = graph.size === "betweenness" ? "betweenness" : "degree";
    var top = 0;
    graph.nodes.forEach(function (node) {
      top = Math.max(top, node.data[measure] || 0);
    });
    var large = graph.nodes.length > LARGE;
    var maxDegree = 1;
    graph.nodes.forEach(function (node) {
      maxDegree = Math.max(maxDegree, node.data.degree || 0);
    });
    function size(node) {
      return 14 + (top > 0 ? 34 * (node.data(measure) || 0) / top : 0);
    }
    var layout = large
      ? {
          name: "concentric",
          animate: false,
          concentric: function (node) { return node.data("degree"); },
          levelWidth: function () { return Math.max(1, maxDegree / 8); }
        }
      : { name: "cose", randomize: false, animate: false, numIter: 1500 };
    var cy = window.cytoscape({
      container: canvas,
      elements: { nodes: graph.nodes, edges: graph.edges },
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            "background-color": function (node) {
              return PALETTE[node.data("colour")] || PALETTE[PALETTE.length - 1];
            },
            "border-color": "#ffffff",
            "border-width": 1,
            width: size,
            height: size,
            label: large ? "" : "data(label)",
            "font-size": 9,
            color: "#1a1a1a",
            "text-valign": "bottom",
            "text-margin-y": 2,
            "text-wrap": "ellipsis",
            "text-max-width": "90px"
          }
        },
        {
          selector: "edge",
          style: {
            width: "mapData(strength, 1, 3, 1, 4)",
            "line-color": "#8a8a8a",
            opacity: 0.6,
            "curve-style": "straight"
          }
        },
        {
          selector: "edge[?directed]",
          style: { "target-arrow-shape": "triangle", "target-arrow-color": "#8a8a8a" }
        },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#1a1a1a" } },
        { selector: ".faded", style: { opacity: 0.15 } }
      ],
      layout: layout
    });
    cy.on("tap", "node", function (event) { show(cy, event.target); });
    cy.on("tap", function (event) { if (event.target === cy) hide(cy); });
    var close = field("close");
    if (close) {
      close.onclick = function () { hide(cy); };
    }
    if (large && container.getAttribute("data-too-large")) {
      container.setAttribute("title", container.getAttribute("data-too-large"));
    }
    current = cy;
    window.tessereNetworkMap = cy; // for the browser tests (and the console)
  }

  function init() {
    var container = document.getElementById("network-map");
    if (!container || typeof window.cytoscape !== "function") return;
    if (current) {
      current.destroy();
      current = null;
    }
    var fallback = container.querySelector(".network-map-fallback");
    if (fallback) fallback.textContent = container.getAttribute("data-loading");
    container.setAttribute("aria-busy", "true");
    fetch(container.getAttribute("data-graph-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (graph) { draw(container, graph); })
      .catch(function () {
        if (fallback) fallback.textContent = container.getAttribute("data-failed");
      })
      .finally(function () { container.removeAttribute("aria-busy"); });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "network-results") init();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
