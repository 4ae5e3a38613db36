"""Checks shared by the analysis-view tests of the add-ons: pivot and graph offered and usable."""
from lxml import etree

from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval


class AnalysisViewsMixin:
    """For a TransactionCase: ``assertAnalysisViews`` checks a window action's pivot and graph views,
    as the read-only auditor, who may analyse every record type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_analysis_auditor", name="An Auditor",
                                    groups="base.group_user,medical_device_base.group_md_auditor")

    def assertAnalysisViews(self, action_xmlid, pivot, graph, aggregators=None, first="list", graph_type="bar"):
        """The action offers pivot and graph, and each view groups and measures as stated.

        ``pivot``/``graph``: (groupby specs, measure fields) found in the default view's arch, in order;
        ``aggregators``: {field: aggregator} the measures must use (a temperature is never summed).
        Each view is then run as the web client runs it (every groupby and measure in one read_group).
        """
        action = self.env.ref(action_xmlid)
        modes = action.view_mode.split(",")
        self.assertEqual(modes[0], first, f"{action_xmlid} opens on {modes[0]}")
        self.assertIn("pivot", modes, f"{action_xmlid} offers no pivot")
        self.assertIn("graph", modes, f"{action_xmlid} offers no graph")
        model = self.env[action.res_model].with_user(self.auditor)
        result = model.get_views([(False, "pivot"), (False, "graph")])
        # What the web client knows of each field (it loads them all with the search view).
        fields = model.fields_get(attributes=["type", "aggregator"])
        for kind, (groupbys, measures) in (("pivot", pivot), ("graph", graph)):
            arch = etree.fromstring(result["views"][kind]["arch"])
            self.assertEqual(arch.tag, kind)
            found_groupbys, found_measures = [], []
            for node in arch.iter("field"):
                if node.get("type") == "measure":
                    found_measures.append(node.get("name"))
                else:
                    interval = node.get("interval")
                    found_groupbys.append(f"{node.get('name')}:{interval}" if interval else node.get("name"))
            self.assertEqual(found_groupbys, list(groupbys), f"{kind} of {model._name}")
            self.assertEqual(found_measures, list(measures), f"{kind} of {model._name}")
            if kind == "graph":
                self.assertEqual(arch.get("type"), graph_type, f"graph of {model._name}")
            specs = ["__count"]
            for measure in measures:
                aggregator = fields[measure].get("aggregator")
                self.assertTrue(aggregator, f"{model._name}.{measure} cannot be a measure")
                specs.append(f"{measure}:{aggregator}")
            # Runs as the web client asks it; a field that cannot be grouped or aggregated raises here.
            model.read_group(safe_eval(action.domain or "[]"), specs, list(groupbys), lazy=False)
        for name, aggregator in (aggregators or {}).items():
            if aggregator:
                self.assertEqual(fields[name].get("aggregator"), aggregator, f"aggregator of {model._name}.{name}")
            else:
                self.assertFalse(fields[name].get("aggregator"), f"{model._name}.{name} is offered as a measure")
        return result
