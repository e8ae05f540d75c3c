/** @odoo-module **/
/**
 * The whale curve: Odoo's line chart with its axes titled, the 100 % line
 * drawn (where the curve ends; above it, the customers who lose money give
 * back what the best earned), and its figures read above the chart: the
 * peak, and the share of the active customers who lose money.
 */
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";
import { useValueFigures } from "./view_figures";

export class WhaleCurveRenderer extends GraphRenderer {
    static template = "crm_value_pyramid.WhaleCurveRenderer";

    setup() {
        super.setup();
        this.figures = useValueFigures("get_whale_curve_figures", this.props);
    }

    get figureLines() {
        const data = this.figures.data;
        if (!data || !data.active_customers) {
            return [];
        }
        const pct = (value) => formatFloat(value, { digits: [16, 1] });
        const lines = [];
        if (data.peak_pct !== false) {
            lines.push(
                _t("Peak: the best %(customers)s % of the customers earn %(peak)s % of the total profit.", {
                    customers: data.peak_customers_pct,
                    peak: pct(data.peak_pct),
                })
            );
        }
        lines.push(
            _t("%(losing)s % of the active customers lose money (%(count)s of %(total)s).", {
                losing: pct(data.losing_customers_pct),
                count: data.losing_customers,
                total: data.active_customers,
            })
        );
        return lines;
    }

    getScaleOptions() {
        const scales = super.getScaleOptions();
        scales.x.title = { display: true, text: _t("Customers, best first (cumulative %)") };
        scales.y.title = { ...scales.y.title, display: true, text: _t("Profit (cumulative % of the total)") };
        return scales;
    }

    getChartConfig() {
        const config = super.getChartConfig();
        if (config.type === "line" && config.data.labels.length) {
            config.data.datasets.push({
                label: _t("100 % of the profit"),
                data: config.data.labels.map(() => 100),
                // Never stacked on the curve, whatever the stacking toggle.
                stack: "crm_whale_100",
                borderColor: "#8f8f8f",
                borderDash: [6, 4],
                borderWidth: 1,
                pointRadius: 0,
                fill: false,
            });
        }
        return config;
    }
}

registry.category("views").add("crm_whale_curve_graph", {
    ...graphView,
    Renderer: WhaleCurveRenderer,
});
