/** @odoo-module **/
/**
 * The value pyramid: one horizontal bar per level, Top first at the top, the
 * way the pyramid is drawn in the method, with its figures beside it: the
 * customers of each level and, for Customer Value Managers, their revenue
 * and profit. A bar opens its customers, as in any Odoo graph.
 */
import { registry } from "@web/core/registry";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";
import { useValueFigures } from "./view_figures";

export class ValuePyramidRenderer extends GraphRenderer {
    static template = "crm_value_pyramid.ValuePyramidRenderer";

    setup() {
        super.setup();
        this.figures = useValueFigures("get_pyramid_figures", this.props);
    }

    getChartConfig() {
        const config = super.getChartConfig();
        if (config.type === "bar") {
            // Bars across, the first level (Top) at the top; the axes swap with them.
            config.options.indexAxis = "y";
            const { x, y } = config.options.scales;
            config.options.scales = { x: { ...y, grid: { ...y.grid, display: true } }, y: { ...x } };
        }
        return config;
    }
}

registry.category("views").add("crm_value_pyramid_graph", {
    ...graphView,
    Renderer: ValuePyramidRenderer,
});
