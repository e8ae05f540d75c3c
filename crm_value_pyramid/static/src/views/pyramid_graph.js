/** @odoo-module **/
/**
 * The value pyramid: one horizontal bar per level, Top first at the top, the
 * way the pyramid is drawn in the method, with its figures beside it: the
 * customers of each level and, for Customer Value Managers, their revenue
 * and profit. A bar opens its customers, as in any Odoo graph.
 */
import { onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";

export class ValuePyramidRenderer extends GraphRenderer {
    static template = "crm_value_pyramid.ValuePyramidRenderer";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.figures = useState({ data: null });
        onWillStart(() => this.loadFigures(this.props.model));
        onWillUpdateProps((nextProps) => this.loadFigures(nextProps.model));
    }

    async loadFigures(model) {
        this.figures.data = await this.orm.call("crm.value.line", "get_pyramid_figures", [
            model.searchParams.domain,
        ]);
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
